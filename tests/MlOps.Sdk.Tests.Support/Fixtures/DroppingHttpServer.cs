using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// A raw HTTP/1.1 server on a free loopback port that drops the connection, mid-request and without any answer, for
/// the first <c>dropCount</c> requests, then answers each with a fixed JSON body.
/// </summary>
public sealed class DroppingHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _dropCount;
    private readonly string _answer;
    private int _requests;

    public DroppingHttpServer(int dropCount, string answerJson)
    {
        _dropCount = dropCount;
        _answer = answerJson;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>How many requests arrived, dropped ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            using (socket)
            {
                var number = Interlocked.Increment(ref _requests);
                var buffer = new byte[64 * 1024];

                // Read only the start of the request, so the drop happens while the request is still in flight.
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (number <= _dropCount)
                {
                    socket.LingerState = new LingerOption(true, 0); // close with RST: a connection reset, as a NAT or load balancer does
                    socket.Close();
                    continue;
                }

                var request = Encoding.ASCII.GetString(buffer, 0, read);
                while (!request.Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    request += Encoding.ASCII.GetString(buffer, 0, read);
                }

                var body = Encoding.UTF8.GetBytes(_answer);
                var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
                await socket.SendAsync(body, SocketFlags.None);
                socket.Shutdown(SocketShutdown.Both);
            }
        }
    }
}
