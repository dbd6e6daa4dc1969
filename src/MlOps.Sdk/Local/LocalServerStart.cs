namespace MlOps.Sdk.Local;

/// <summary>
/// How a model server is started, apart from its folder and port: what <see cref="LocalServerFleet"/> writes into each
/// instance folder, so that any process can start a replacement on the same model after the instance died.
/// </summary>
/// <param name="Command">The image's entry point and <c>serve</c>.</param>
/// <param name="WorkingDirectory">The image's folder.</param>
/// <param name="Environment">The container environment with <c>SM_MODEL_DIR</c> and the bind address; the port is chosen per start.</param>
internal sealed record LocalServerStart(IReadOnlyList<string> Command, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment);
