using System.Net;
using System.Net.Sockets;

namespace InferScope.Analysis.Tests.Support;

internal static class FreePort
{
    /// <summary>Asks the OS for a free loopback port. Another process may take it before use, which is rare.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
