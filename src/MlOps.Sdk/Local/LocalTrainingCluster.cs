using System.Net;
using System.Net.Sockets;

namespace MlOps.Sdk.Local;

/// <summary>
/// The hosts of a local training job. On SageMaker each instance is a machine named <c>algo-N</c> that the others
/// reach by that name; locally every host shares 127.0.0.1, so each gets its own free port instead.
/// </summary>
internal static class LocalTrainingCluster
{
    /// <summary>Names <paramref name="count"/> hosts under the job's folder and reserves a distinct free loopback port for each.</summary>
    internal static IReadOnlyList<LocalTrainingHost> Allocate(string jobDirectory, int count)
    {
        // All listeners stay open until every port is chosen, so no two hosts can be given the same one.
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select((listener, i) => new LocalTrainingHost(
                LocalTrainingHost.NameOf(i),
                Path.Combine(jobDirectory, LocalTrainingHost.NameOf(i)),
                ((IPEndPoint)listener.LocalEndpoint).Port))];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
