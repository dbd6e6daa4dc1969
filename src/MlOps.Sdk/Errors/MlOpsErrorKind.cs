namespace MlOps.Sdk;

/// <summary>
/// What a failure means to a caller that branches on it. It is decided once, where the failure is read (the AWS adapter
/// reading the service's answer, local mode raising its own), so no caller ever reads an error message to decide.
/// </summary>
public enum MlOpsErrorKind
{
    /// <summary>Any failure a caller does not branch on by kind; read <see cref="MlOpsException.ErrorCode"/>.</summary>
    Other = 0,

    /// <summary>The resource named does not exist (or no longer does).</summary>
    NotFound,

    /// <summary>A resource with that name or client token exists already.</summary>
    AlreadyExists,
}
