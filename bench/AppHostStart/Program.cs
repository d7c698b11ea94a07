using System.Diagnostics;
using AgentApp.Bench;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

// Start to all-healthy, through Aspire.Hosting.Testing (no dashboard; DCP runs every project as its own process, as F5
// does): the template's AppHost in Local infrastructure mode (Garnet and the Kafka mock cluster in-process, no
// containers) beside a bare AppHost with one bare ASP.NET Core project. Then, after an idle pause, each service's working
// set beside the bare project's. Everything started is stopped before the next.
var idle = TimeSpan.FromSeconds(Arg("--idle-seconds", 5));
var timeout = TimeSpan.FromMinutes(3);
string[] services = ["api", "actors", "worker", "gateway"];

var bare = await MeasureAsync<Projects.BareAppHost>([], ["bare"]);
var full = await MeasureAsync<Projects.AgentApp_AppHost>(["--Infrastructure:Mode=Local"], services);
Console.WriteLine($"bare AppHost (1 project): all healthy in {bare.Start.TotalSeconds:F1} s; bare service {bare.Memory["bare"]:F0} MB");
Console.WriteLine($"template AppHost (Local): all healthy in {full.Start.TotalSeconds:F1} s; " +
                  string.Join(", ", services.Select(s => $"{s} {full.Memory[s]:F0} MB")));

ResultLine.Print("AppHost start to all healthy (template, container-less, vs bare AppHost + 1 project)",
    $"{full.Start.TotalSeconds:F1} s", $"{bare.Start.TotalSeconds:F1} s", full.Start / bare.Start, "<= 20 s");
foreach (var service in services)
{
    ResultLine.Print($"idle working set: {service} (vs bare ASP.NET Core app)", $"{full.Memory[service]:F0} MB",
        $"{bare.Memory["bare"]:F0} MB", full.Memory[service] / bare.Memory["bare"], "<= 150 MB");
}

return 0;

async Task<(TimeSpan Start, Dictionary<string, double> Memory)> MeasureAsync<TEntryPoint>(string[] arguments, string[] healthy)
    where TEntryPoint : class
{
    using var cts = new CancellationTokenSource(timeout);
    var clock = Stopwatch.StartNew();
    var builder = await DistributedApplicationTestingBuilder.CreateAsync<TEntryPoint>(arguments, cts.Token);
    await using var app = await builder.BuildAsync(cts.Token);
    await app.StartAsync(cts.Token);
    Console.WriteLine($"{typeof(TEntryPoint).Name}: started after {clock.Elapsed.TotalSeconds:F1} s");
    foreach (var name in healthy)
    {
        await app.ResourceNotifications.WaitForResourceHealthyAsync(name, cts.Token);
    }

    var start = clock.Elapsed;
    Console.WriteLine($"{typeof(TEntryPoint).Name}: all healthy after {start.TotalSeconds:F1} s");
    await Task.Delay(idle, cts.Token); // the definition of idle: started, healthy, then left alone this long
    var memory = new Dictionary<string, double>();
    foreach (var name in healthy)
    {
        using var pidWait = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        pidWait.CancelAfter(TimeSpan.FromSeconds(10));
        var snapshot = await app.ResourceNotifications.WaitForResourceAsync(name, e =>
e.Snapshot.Properties.Any(IsPid), pidWait.Token);
        var pid = Convert.ToInt32(snapshot.Snapshot.Properties.First(IsPid).Value, System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"{name}: pid {pid}");
        var servicePid = ServicePid(pid, snapshot.Snapshot.Properties.First(p => p.Name == "project.path").Value!.ToString()!);
        memory[name] = Memory.WorkingSetMb(servicePid);
        Console.WriteLine($"{name}: service pid {servicePid}, {memory[name]:F0} MB");
    }

    await app.StopAsync(CancellationToken.None);
    return (start, memory);
}

static bool IsPid(ResourcePropertySnapshot p) => p.Name.EndsWith(".pid", StringComparison.Ordinal) && p.Value is not null;

// DCP starts a project through `dotnet run`: the service is the descendant running the project's own executable.
static int ServicePid(int pid, string projectPath)
{
    var executable = "/" + Path.GetFileNameWithoutExtension(projectPath);
    var parents = new Dictionary<int, int>();
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        if (int.TryParse(Path.GetFileName(dir), out var candidate))
        {
            try
            {
                // Field 4 of /proc/<pid>/stat, after the parenthesised command name.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[candidate] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
        }
    }

    bool Descends(int candidate)
    {
        for (var p = candidate; p > 1 && parents.TryGetValue(p, out var parent); p = parent)
        {
            if (p == pid)
            {
                return true;
            }
        }

        return false;
    }

    foreach (var candidate in parents.Keys.Where(Descends))
    {
        var command = File.ReadAllText($"/proc/{candidate}/cmdline").Split('\0')[0];
        if (command.EndsWith(executable, StringComparison.Ordinal) || command.EndsWith(executable + ".dll", StringComparison.Ordinal))
        {
            return candidate;
        }
    }

    return pid;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
}
