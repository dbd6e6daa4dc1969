using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Training;

/// <summary>
/// Hands the hosts' models to the leader over TCP: each other host connects to the leader, sends one header line
/// (<c>{"host":…,"trainingRows":…,"featureNames":[…],"bytes":…}</c>) and the model, and waits for <c>ok</c>. Plain TCP because the hosts
/// of a job share a private network (SageMaker's VPC, or 127.0.0.1 locally) and exchange nothing else.
/// </summary>
public static class ShardModelExchange
{
    /// <summary>The largest model a host may send; anything bigger is not one of this trainer's models.</summary>
    public const int MaximumModelBytes = 256 * 1024 * 1024;

    private const int MaximumHeaderBytes = 4096;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Sends this host's model to the leader, retrying the connection until the leader listens.</summary>
    /// <param name="cluster">The job's hosts.</param>
    /// <param name="model">This host's model.</param>
    /// <param name="timeout">How long to keep trying.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellationToken">Stops the send.</param>
    /// <returns>A task that completes when the leader has acknowledged the model.</returns>
    /// <exception cref="TrainerInputException">The leader could not be reached or refused the model in time.</exception>
    public static async Task SendAsync(ClusterDescription cluster, ShardModel model, TimeSpan timeout, TextWriter log, CancellationToken cancellationToken = default)
    {
        var (host, port) = cluster.AddressOf(cluster.Leader);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Exception? lastError = null;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
                await using var stream = client.GetStream();
                var header = JsonSerializer.Serialize(new Header(model.Host, model.TrainingRows, model.FeatureNames, model.ModelZip.Length), JsonSerializerOptions.Web);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(header + "\n"), deadline.Token).ConfigureAwait(false);
                await stream.WriteAsync(model.ModelZip, deadline.Token).ConfigureAwait(false);
                var reply = await ReadLineAsync(stream, MaximumHeaderBytes, deadline.Token).ConfigureAwait(false);
                if (reply != "ok")
                {
                    throw new TrainerInputException($"The leader {cluster.Leader} refused the model of {model.Host}: {reply}");
                }

                log.WriteLine($"data-parallel: {model.Host} handed its model ({model.TrainingRows} rows) to {cluster.Leader} at {host}:{port}");
                return;
            }
            catch (Exception exception) when (exception is SocketException or IOException)
            {
                // The leader may still be loading its shard; SageMaker starts the hosts in no particular order.
                lastError = exception;
                await Task.Delay(RetryDelay, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new TrainerInputException(
            $"The leader {cluster.Leader} at {host}:{port} took no model from {model.Host} within {timeout.TotalSeconds:0} s (data_parallel_timeout_seconds): {lastError?.Message ?? "timed out"}");
    }

    /// <summary>Listens until every other host has sent its model.</summary>
    /// <param name="cluster">The job's hosts; this host is the leader.</param>
    /// <param name="timeout">How long to wait for all of them.</param>
    /// <param name="log">Progress lines.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>The other hosts' models, in the cluster's host order.</returns>
    /// <exception cref="TrainerInputException">A host sent nothing in time, or something that is not a model.</exception>
    public static async Task<IReadOnlyList<ShardModel>> ReceiveAsync(ClusterDescription cluster, TimeSpan timeout, TextWriter log, CancellationToken cancellationToken = default)
    {
        var expected = cluster.Hosts.Where(host => host != cluster.Leader).ToHashSet(StringComparer.Ordinal);
        var received = new Dictionary<string, ShardModel>(StringComparer.Ordinal);
        var listener = new TcpListener(cluster.ListenEndPoint());
        listener.Start();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            log.WriteLine($"data-parallel: {cluster.Leader} waiting on {listener.LocalEndpoint} for {expected.Count} model(s)");
            while (received.Count < expected.Count)
            {
                using var client = await listener.AcceptTcpClientAsync(deadline.Token).ConfigureAwait(false);
                await using var stream = client.GetStream();
                var model = await ReadModelAsync(stream, expected, deadline.Token).ConfigureAwait(false);
                received[model.Host] = model;
                await stream.WriteAsync("ok\n"u8.ToArray(), deadline.Token).ConfigureAwait(false);
                log.WriteLine($"data-parallel: model of {model.Host} received ({model.TrainingRows} rows, {model.ModelZip.Length} bytes), {received.Count}/{expected.Count}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var missing = expected.Where(host => !received.ContainsKey(host)).Order(StringComparer.Ordinal);
            throw new TrainerInputException(
                $"{cluster.Leader} got no model from {string.Join(", ", missing)} within {timeout.TotalSeconds:0} s (data_parallel_timeout_seconds).");
        }
        finally
        {
            listener.Stop();
        }

        return [.. cluster.Hosts.Where(received.ContainsKey).Select(host => received[host])];
    }

    private static async Task<ShardModel> ReadModelAsync(NetworkStream stream, HashSet<string> expected, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, MaximumHeaderBytes, cancellationToken).ConfigureAwait(false);
        Header? header;
        try
        {
            header = JsonSerializer.Deserialize<Header>(line, JsonSerializerOptions.Web);
        }
        catch (JsonException exception)
        {
            throw new TrainerInputException($"A host sent a header that is not JSON: {exception.Message}");
        }

        if (header is null || !expected.Contains(header.Host))
        {
            throw new TrainerInputException($"A model came from '{header?.Host}', which is not another host of this job ({string.Join(", ", expected.Order(StringComparer.Ordinal))}).");
        }

        if (header.Bytes is <= 0 or > MaximumModelBytes || header.TrainingRows <= 0)
        {
            throw new TrainerInputException($"The model of {header.Host} claims {header.Bytes} bytes and {header.TrainingRows} rows: both must be positive and the size at most {MaximumModelBytes}.");
        }

        var model = new byte[header.Bytes];
        await stream.ReadExactlyAsync(model, cancellationToken).ConfigureAwait(false);
        return new ShardModel(header.Host, header.TrainingRows, header.FeatureNames ?? [], model);
    }

    private static async Task<string> ReadLineAsync(NetworkStream stream, int limit, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new IOException("the connection closed before the end of the line");
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }

            bytes.Add(one[0]);
            if (bytes.Count > limit)
            {
                throw new TrainerInputException($"A line of the model exchange is longer than {limit} bytes.");
            }
        }
    }

    private sealed record Header(string Host, long TrainingRows, IReadOnlyList<string>? FeatureNames, int Bytes);
}
