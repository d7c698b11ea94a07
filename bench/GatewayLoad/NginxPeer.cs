using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using AgentApp.Bench;

/// <summary>
/// The peer row: Debian's nginx (the engine under Kong) configured as a comparable edge in front of the same api: the
/// API key checked through a <c>map</c> (a key not in it is 401), a per-tenant <c>limit_req</c>, and the identity headers
/// the api expects, over keep-alive upstream connections. Its own prefix directory in /tmp; stopped on dispose.
/// </summary>
public sealed class NginxPeer : IAsyncDisposable
{
    private readonly Process _master;
    private readonly string _prefix;

    private NginxPeer(Process master, string prefix, string url)
    {
        _master = master;
        _prefix = prefix;
        Url = url;
    }

    /// <summary>Base address, e.g. http://127.0.0.1:40123.</summary>
    public string Url { get; }

    /// <summary>CPU time of the master and its workers (user + system), from /proc.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid))
                {
                    continue;
                }

                try
                {
                    var stat = File.ReadAllText($"{dir}/stat");
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    // After the command: state(0) ppid(1) … utime(11) stime(12).
                    if (pid == _master.Id || int.Parse(fields[1], CultureInfo.InvariantCulture) == _master.Id)
                    {
                        ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    }
                }
                catch (IOException)
                {
                }
            }

            // USER_HZ is 100 on Linux.
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
    }

    /// <summary>Writes the configuration, starts <paramref name="nginx"/> and waits until it accepts connections.</summary>
    public static async Task<NginxPeer> StartAsync(string nginx, string apiUrl, string key, string tenant, string gatewaySecret, int requestsPerSecond)
    {
        var prefix = Directory.CreateTempSubdirectory("agentapp-bench-nginx.").FullName;
        var port = ServiceProcess.FreePort();
        var upstream = new Uri(apiUrl);
        File.WriteAllText(Path.Combine(prefix, "nginx.conf"), $$"""
            daemon off;
            worker_processes auto;
            pid {{prefix}}/nginx.pid;
            error_log stderr warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi;
              scgi_temp_path {{prefix}}/scgi;
              # API keys to tenants (a real edge would keep hashes; nginx's map compares the key as sent).
              map $http_x_api_key $tenant { default ""; "{{key}}" "{{tenant}}"; }
              limit_req_zone $tenant zone=tenants:10m rate={{requestsPerSecond}}r/s;
              limit_req_status 429;
              upstream api { server {{upstream.Host}}:{{upstream.Port}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  if ($tenant = "") { return 401; }
                  limit_req zone=tenants burst={{requestsPerSecond}} nodelay;
                  proxy_pass http://api;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header X-Api-Key "";
                  proxy_set_header X-Gateway-Secret "{{gatewaySecret}}";
                  proxy_set_header X-Identity-Tenant $tenant;
                  proxy_set_header X-Identity-Subject "apikey:$tenant";
                  proxy_set_header X-Identity-Scopes "chat conversations tasks";
                  proxy_buffering off;
                }
              }
            }
            """);
        var master = Process.Start(new ProcessStartInfo(nginx, ["-p", prefix, "-c", Path.Combine(prefix, "nginx.conf"), "-e", "stderr"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException($"{nginx} did not start");
        master.BeginErrorReadLine();
        master.BeginOutputReadLine();
        for (var clock = Stopwatch.StartNew(); ; await Task.Delay(50))
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return new NginxPeer(master, prefix, $"http://127.0.0.1:{port}");
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30) && !master.HasExited)
            {
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_master.HasExited)
        {
            // SIGQUIT: nginx's graceful stop; the workers follow their master.
            Process.Start("kill", ["-QUIT", _master.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _master.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _master.Kill(entireProcessTree: true);
            }
        }

        _master.Dispose();
        Directory.Delete(_prefix, recursive: true);
    }
}
