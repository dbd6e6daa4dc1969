namespace MlOps.Sdk.Local;

/// <summary>
/// One instance of a local training cluster: a SageMaker host name (<c>algo-1</c>…), its own folder (its
/// <c>/opt/ml</c> tree, log and supervisor files) and the loopback port its trainer may listen on for the other hosts.
/// </summary>
/// <param name="Name">The host name SageMaker gives this instance: <c>algo-1</c>, <c>algo-2</c>, …</param>
/// <param name="Directory">The host's folder under the job's folder.</param>
/// <param name="Port">A free 127.0.0.1 port reserved for this host's trainer, since every local host shares one address.</param>
internal sealed record LocalTrainingHost(string Name, string Directory, int Port)
{
    /// <summary>The host that SageMaker takes the model from and that frameworks treat as the leader.</summary>
    internal const string Leader = "algo-1";

    internal string BaseDirectory => Path.Combine(Directory, "opt", "ml");

    internal string ModelDirectory => Path.Combine(BaseDirectory, "model");

    internal string OutputDirectory => Path.Combine(BaseDirectory, "output");

    internal string ExitCodeFile => Path.Combine(Directory, SupervisedProcess.ExitCodeFileName);

    internal static string NameOf(int index) => "algo-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
