using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace AgentApp.Tests.Support;

/// <summary>
/// A real <c>redis-server</c> (Debian's package: <c>apt-get install redis-server</c>) as a child process on a free
/// loopback port, with a password, no persistence and its own scratch directory; disposing kills it and removes the
/// directory. Started with <see cref="TlsFiles"/>, it speaks only TLS (<c>tls-port</c>; plain <c>port 0</c>).
/// </summary>
public sealed class RedisServerProcess : IRedisTestServer
{
    /// <summary>The executable looked up on PATH.</summary>
    public const string Executable = "redis-server";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private RedisServerProcess(int port, TlsFiles? tls, string password, string directory)
    {
        Port = port;
        Tls = tls;
        Password = password;
        _directory = directory;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] listen = tls is null ? ["--port", $"{port}"] :
            ["--port", "0", "--tls-port", $"{port}", "--tls-cert-file", tls.CertificateFile, "--tls-key-file", tls.KeyFile,
             "--tls-ca-cert-file", tls.CertificateFile, "--tls-auth-clients", "no"];
        foreach (var arg in (string[])["--bind", "127.0.0.1", .. listen, "--requirepass", password,
                     "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "warning"])
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Executable}");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Whether <c>redis-server</c> is on PATH.</summary>
    public static bool IsInstalled { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(dir => File.Exists(Path.Combine(dir, Executable)));

    /// <summary>Why tests against it are skipped here, or null when it is installed.</summary>
    public static string? SkipReason => IsInstalled ? null
        : "redis-server is not on PATH: install it (Debian/Ubuntu: apt-get install redis-server) to prove the gateway's Redis logic on real Redis.";

    /// <inheritdoc />
    public RedisServerKind Kind => RedisServerKind.RedisServer;

    /// <inheritdoc />
    public int Port { get; }

    /// <summary>The certificate it serves, when it speaks TLS.</summary>
    public TlsFiles? Tls { get; }

    /// <summary>The password every connection must give.</summary>
    public string Password { get; }

    /// <inheritdoc />
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}" + (Tls is null ? "" : ",ssl=true,sslHost=localhost");

    /// <summary>Starts one on <paramref name="port"/> (to restart one that was stopped) or a free loopback port.</summary>
    public static RedisServerProcess Start(int? port = null, TlsFiles? tls = null, string? password = null)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(SkipReason);
        }

        var directory = Directory.CreateTempSubdirectory("redis-test-").FullName;
        var server = new RedisServerProcess(port ?? Loopback.FreePort(), tls, password ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            directory);
        server.WaitUntilListening(TimeSpan.FromSeconds(15));
        return server;
    }

    private void WaitUntilListening(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Accepts(Port))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = _process.HasExited ? $"exited with {_process.ExitCode}" : $"did not listen within {timeout}";
                Dispose();
                throw new InvalidOperationException($"{Executable} on port {Port} {why}:\n{Output}");
            }

            Thread.Sleep(20);
        }
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public IRedisTestServer StartAgain() => Start(Port, Tls, Password);

    /// <summary>
    /// Stops the server without closing its sockets (SIGSTOP): connections stay open and every command hangs, as with a
    /// server stuck on a slow command or a network that drops packets. <see cref="ResumeAsync"/> lets it go on.
    /// </summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>Lets a frozen server go on (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var (exit, output) = await Support.ChildProcess.RunAsync("kill", [signal, $"{_process.Id}"], TimeSpan.FromSeconds(10));
        Assert.True(exit == 0, $"kill {signal} {_process.Id}: {output}");
    }

    /// <summary>What the server printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: it is a temp directory.
        }
    }
}

/// <summary>A certificate and its key as PEM files, for a TLS listener.</summary>
/// <param name="CertificateFile">The certificate (also its own CA: it is self-signed).</param>
/// <param name="KeyFile">The private key.</param>
public sealed record TlsFiles(string CertificateFile, string KeyFile)
{
    /// <summary>A self-signed certificate for <c>localhost</c> and 127.0.0.1, valid for a day, written to <paramref name="directory"/>.</summary>
    public static TlsFiles CreateSelfSigned(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=localhost", key,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var files = new TlsFiles(Path.Combine(directory, "redis.crt"), Path.Combine(directory, "redis.key"));
        File.WriteAllText(files.CertificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(files.KeyFile, key.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
