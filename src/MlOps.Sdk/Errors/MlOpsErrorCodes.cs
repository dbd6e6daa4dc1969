namespace MlOps.Sdk;

/// <summary>
/// The catalogue of error codes the SDK raises or acts on: AWS's error types as the services send them, and the SDK's
/// own codes for failures no service reported. <see cref="MlOpsException.ErrorCode"/> carries one of these, or another
/// AWS error type passed through unchanged.
/// </summary>
public static class MlOpsErrorCodes
{
    /// <summary>AWS: the request breaks a rule the service checks (SageMaker also answers most "not found" cases with it).</summary>
    public const string ValidationException = "ValidationException";

    /// <summary>SageMaker: the resource does not exist.</summary>
    public const string ResourceNotFound = "ResourceNotFound";

    /// <summary>CloudWatch Logs and other services: the resource does not exist.</summary>
    public const string ResourceNotFoundException = "ResourceNotFoundException";

    /// <summary>SageMaker: the name is taken, or the resource is busy.</summary>
    public const string ResourceInUse = "ResourceInUse";

    /// <summary>Other services' spelling of <see cref="ResourceInUse"/>.</summary>
    public const string ResourceInUseException = "ResourceInUseException";

    /// <summary>SageMaker: the change conflicts with the resource's state.</summary>
    public const string ConflictException = "ConflictException";

    /// <summary>SageMaker: an account quota would be exceeded.</summary>
    public const string ResourceLimitExceeded = "ResourceLimitExceeded";

    /// <summary>Application Auto Scaling: the scalable target or policy does not exist.</summary>
    public const string ObjectNotFoundException = "ObjectNotFoundException";

    /// <summary>S3: the object does not exist (GetObject).</summary>
    public const string NoSuchKey = "NoSuchKey";

    /// <summary>S3: the object does not exist (HeadObject, which has no body to carry <see cref="NoSuchKey"/>).</summary>
    public const string NotFound = "NotFound";

    /// <summary>The SDK: the request was refused before any call (<see cref="MlOpsValidationException"/>).</summary>
    public const string ClientValidationError = MlOpsValidationException.ValidationErrorCode;

    /// <summary>The SDK: the service answered with an error the SDK could not read a code from.</summary>
    public const string UnknownError = "UnknownError";

    /// <summary>The SDK: the service answered with a body the SDK cannot read.</summary>
    public const string InvalidResponse = "InvalidResponse";

    /// <summary>The kind a code means on its own, without the message: codes that say "not found" or "exists" outright.</summary>
    /// <param name="errorCode">An error code.</param>
    /// <returns>The kind; <see cref="MlOpsErrorKind.Other"/> for codes, like <see cref="ValidationException"/>, that say neither.</returns>
    public static MlOpsErrorKind KindOf(string errorCode) => errorCode switch
    {
        ResourceNotFound or ResourceNotFoundException or NoSuchKey or NotFound => MlOpsErrorKind.NotFound,
        ResourceInUse or ResourceInUseException or ConflictException => MlOpsErrorKind.AlreadyExists,
        _ => MlOpsErrorKind.Other,
    };
}
