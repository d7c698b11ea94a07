using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AgentApp.Tests.Support;

/// <summary>Real servers for in-process apps.</summary>
public static class LoopbackKestrel
{
    /// <summary>
    /// Serves <paramref name="factory"/>'s app on Kestrel at 127.0.0.1, on a port the system picks. Not <c>UseKestrel(0)</c>:
    /// that overload rewrites the server's addresses after building the app, racing the app's own start, and fails now
    /// and then with "IServerAddressesFeature.Addresses cannot be modified after the server has started"
    /// (dotnet/aspnetcore#67714). An endpoint given in Kestrel's options leaves the addresses alone.
    /// </summary>
    public static void UseKestrelOnLoopback<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory) where TEntryPoint : class =>
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
}
