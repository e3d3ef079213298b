using System.Net;
using System.Net.Sockets;

namespace Notifier.Web.Tests.Infrastructure;

public static class Ports
{
    // A port free on 127.0.0.1 right now (the caller retries if another process takes it first).
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
