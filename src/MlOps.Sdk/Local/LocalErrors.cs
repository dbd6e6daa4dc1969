using System.Net;

namespace MlOps.Sdk.Local;

/// <summary>The errors local mode raises, with the error codes and wording the AWS services use.</summary>
internal static class LocalErrors
{
    internal static MlOpsException NotFound(string message, string resource) =>
        new(message, "ResourceNotFound", HttpStatusCode.BadRequest, resource);

    internal static MlOpsException Validation(string message, string? resource = null) =>
        new(message, "ValidationException", HttpStatusCode.BadRequest, resource);

    // Application Auto Scaling's word for a target or policy that is not there.
    internal static MlOpsException ObjectNotFound(string message, string resource) =>
        new(message, "ObjectNotFoundException", HttpStatusCode.BadRequest, resource);

    internal static MlOpsException InUse(string message, string resource) =>
        new(message, "ResourceInUse", HttpStatusCode.BadRequest, resource);

    internal static MlOpsException ResourceLimitExceeded(string message, string resource) =>
        new(message, "ResourceLimitExceeded", HttpStatusCode.BadRequest, resource);

    internal static MlOpsException Conflict(string message, string resource) =>
        new(message, "ConflictException", HttpStatusCode.Conflict, resource);

    internal static MlOpsException Runtime(string errorCode, HttpStatusCode status, string message, string resource) =>
        new(message, errorCode, status, resource);
}
