using System.Net;
using System.Net.Sockets;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>Starts an <see cref="HttpListener"/> on a free port of 127.0.0.1, for the tests' stand-in servers.</summary>
public static class LoopbackHttpListener
{
    /// <summary>Starts a listener; its base address is <c>http://127.0.0.1:&lt;port&gt;/</c>.</summary>
    public static (HttpListener Listener, int Port) StartOnFreePort()
    {
        // HttpListener cannot bind port 0, so ask the OS for a free port and retry if another process takes it first.
        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return (listener, port);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// Answers requests one at a time until <paramref name="stop"/> is cancelled or the listener closes. The wait for a
    /// request ends on <paramref name="stop"/> itself: the managed HttpListener does not always end a pending
    /// GetContextAsync when it is stopped (a Stop between its state check and its queueing of the wait leaves it pending
    /// forever), which hung a test run's fake server on dispose.
    /// </summary>
    public static async Task AcceptUntilStoppedAsync(HttpListener listener, Func<HttpListenerContext, Task> handle, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            await handle(context);
        }
    }
}

