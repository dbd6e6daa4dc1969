using System.Net;

namespace MlOps.Sdk;

/// <summary>
/// The one exception type the SDK throws for service, validation and local-mode errors.
/// </summary>
/// <remarks>
/// Subtypes exist only where a caller branches on them, such as <see cref="MlOpsValidationException"/>
/// (bad input, raised before any call is made).
/// </remarks>
public class MlOpsException : Exception
{
    /// <summary>Creates an exception with a message, an error code and, optionally, the resource and HTTP status it concerns.</summary>
    /// <param name="message">What went wrong, for a person.</param>
    /// <param name="errorCode">A stable code, such as AWS's <c>__type</c> (<c>ValidationException</c>, <c>ResourceNotFound</c>).</param>
    /// <param name="statusCode">The HTTP status of the failed call, when there was one.</param>
    /// <param name="resourceName">The name or ARN of the resource concerned, when there is one.</param>
    /// <param name="innerException">The underlying cause.</param>
    public MlOpsException(string message, string errorCode, HttpStatusCode? statusCode = null, string? resourceName = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
        ResourceName = resourceName;
        Kind = MlOpsErrorCodes.KindOf(errorCode);
    }

    /// <summary>A stable error code, such as AWS's error type (<c>ValidationException</c>, <c>ResourceNotFound</c>, <c>ThrottlingException</c>).</summary>
    public string ErrorCode { get; }

    /// <summary>The HTTP status of the failed call, or <see langword="null"/> when no call was made.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The name or ARN of the resource concerned, when there is one.</summary>
    public string? ResourceName { get; }

    /// <summary>
    /// What the failure means to a caller that branches on it, such as idempotent deletion on
    /// <see cref="MlOpsErrorKind.NotFound"/>. By default it follows <see cref="ErrorCode"/>; whoever reads an answer whose code
    /// alone does not tell (SageMaker's <c>ValidationException</c> for a missing resource) sets it.
    /// </summary>
    public MlOpsErrorKind Kind { get; init; }
}
