using System.Net;
using System.Net.Sockets;

namespace Platform.TestSupport;

public static class FreePorts
{
    /// <summary>A loopback port nothing listens on right now (the OS picks it), for a server a test starts itself.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
