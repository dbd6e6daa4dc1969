namespace MlOps.Sdk;

/// <summary>The two error kinds the layers branch on, read from <see cref="MlOpsException.Kind"/>, never from message text.</summary>
internal static class ResourceErrors
{
    internal static bool IsNotFound(MlOpsException error) => error.Kind == MlOpsErrorKind.NotFound;

    internal static bool IsAlreadyExists(MlOpsException error) => error.Kind == MlOpsErrorKind.AlreadyExists;
}
