using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using AgentApp.Tests.Support;

namespace AgentApp.Tests.Gateway.Redis;

/// <summary>
/// A real <c>redis-server</c> (Debian's package: <c>apt-get install redis-server</c>) as a child process on a free
/// loopback port, with a password, no persistence and its own scratch directory; disposing kills it and removes the
/// directory. With <see cref="TlsFiles"/> it also listens for TLS on <see cref="TlsPort"/>.
/// </summary>
public sealed class RedisServerProcess : IRedisTestServer
{
    /// <summary>The executable looked up on PATH.</summary>
    public const string Executable = "redis-server";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output = new();

    private RedisServerProcess(int port, int? tlsPort, string password, string directory, IEnumerable<string> extraArgs)
    {
        Port = port;
        TlsPort = tlsPort;
        Password = password;
        _directory = directory;
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in (string[])["--bind", "127.0.0.1", "--port", $"{port}", "--requirepass", password,
                     "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "warning", .. extraArgs])
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
        : "redis-server is not on PATH: install it (Debian/Ubuntu: apt-get install redis-server) to prove the gateway's Redis logic on real Redis; .ci/run does.";

    /// <inheritdoc />
    public RedisServerKind Kind => RedisServerKind.RedisServer;

    /// <inheritdoc />
    public int Port { get; }

    /// <summary>The TLS port, when started with TLS.</summary>
    public int? TlsPort { get; }

    /// <summary>The password every connection must give.</summary>
    public string Password { get; }

    /// <inheritdoc />
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    /// <summary>Starts one on <paramref name="port"/> (to restart one that was stopped) or a free loopback port.</summary>
    public static RedisServerProcess Start(int? port = null, TlsFiles? tls = null, string? password = null)
    {
        if (!IsInstalled)
        {
            throw new InvalidOperationException(SkipReason);
        }

        var directory = Directory.CreateTempSubdirectory("redis-test-").FullName;
        int? tlsPort = tls is null ? null : Loopback.FreePort();
        string[] tlsArgs = tls is null ? [] :
            ["--tls-port", $"{tlsPort}", "--tls-cert-file", tls.CertificateFile, "--tls-key-file", tls.KeyFile,
             "--tls-ca-cert-file", tls.CertificateFile, "--tls-auth-clients", "no"];
        var server = new RedisServerProcess(port ?? Loopback.FreePort(), tlsPort, password ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            directory, tlsArgs);
        server.WaitUntilListening(TimeSpan.FromSeconds(15));
        return server;
    }

    private void WaitUntilListening(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Accepts(TlsPort ?? Port) || (TlsPort is not null && !Accepts(Port)))
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
    public IRedisTestServer StartAgain() => Start(Port, password: Password);

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
public sealed record TlsFiles(string CertificateFile, string KeyFile);
