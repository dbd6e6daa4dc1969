using System.Net;

namespace MlOps.Sdk.Local;

/// <summary>The errors local mode raises, with the error codes and wording the AWS services use.</summary>
internal static class LocalErrors
{
    internal static MlOpsException NotFound(string message, string resource) =>
        new(message, MlOpsErrorCodes.ResourceNotFound, HttpStatusCode.BadRequest, resource);

    // SageMaker answers most operations on a missing resource with a ValidationException, not ResourceNotFound.
    internal static MlOpsException MissingAsValidation(string message, string resource) =>
        new(message, MlOpsErrorCodes.ValidationException, HttpStatusCode.BadRequest, resource) { Kind = MlOpsErrorKind.NotFound };

    // ...and a create of a taken model, endpoint config or group name likewise.
    internal static MlOpsException ExistingAsValidation(string message, string resource) =>
        new(message, MlOpsErrorCodes.ValidationException, HttpStatusCode.BadRequest, resource) { Kind = MlOpsErrorKind.AlreadyExists };

    internal static MlOpsException Validation(string message, string? resource = null) =>
        new(message, MlOpsErrorCodes.ValidationException, HttpStatusCode.BadRequest, resource);

    // Application Auto Scaling's word for a target or policy that is not there.
    internal static MlOpsException ObjectNotFound(string message, string resource) =>
        new(message, MlOpsErrorCodes.ObjectNotFoundException, HttpStatusCode.BadRequest, resource);

    internal static MlOpsException InUse(string message, string resource) =>
        new(message, MlOpsErrorCodes.ResourceInUse, HttpStatusCode.BadRequest, resource);

    internal static MlOpsException ResourceLimitExceeded(string message, string resource) =>
        new(message, MlOpsErrorCodes.ResourceLimitExceeded, HttpStatusCode.BadRequest, resource);

    internal static MlOpsException Conflict(string message, string resource) =>
        new(message, MlOpsErrorCodes.ConflictException, HttpStatusCode.Conflict, resource);

    internal static MlOpsException Runtime(string errorCode, HttpStatusCode status, string message, string resource) =>
        new(message, errorCode, status, resource);
}
