using System.Net;

namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>An error as the wire carries it: HTTP status, AWS error code and message.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Code">AWS's error type, such as <c>ValidationException</c> or <c>ResourceNotFound</c>.</param>
/// <param name="Message">The message, for a person.</param>
internal sealed record WireError(HttpStatusCode StatusCode, string Code, string Message)
{
    /// <summary>AWS's answer to a request with no signature.</summary>
    public static WireError MissingAuthenticationToken { get; } =
        new(HttpStatusCode.Forbidden, "MissingAuthenticationTokenException", "Missing Authentication Token");

    /// <summary>AWS's answer to a signature that is not a complete SigV4 one.</summary>
    /// <param name="problem">What is missing or wrong.</param>
    /// <returns>The error.</returns>
    public static WireError IncompleteSignature(string problem) =>
        new(HttpStatusCode.BadRequest, "IncompleteSignatureException", problem);

    /// <summary>
    /// The error a port's exception stands for. The local adapters already raise AWS's codes and statuses (they were
    /// written to behave as SageMaker does), so those pass through; client-side validation becomes the service's own
    /// validation error, and anything unexpected a 500 <c>InternalFailure</c>, which clients retry.
    /// </summary>
    /// <param name="exception">What the port threw.</param>
    /// <param name="validationCode">The service's code for bad input: <c>ValidationException</c> (SageMaker, Application
    /// Auto Scaling), <c>ValidationError</c> (runtime), <c>InvalidParameterException</c> (Logs, Tagging).</param>
    /// <returns>The error.</returns>
    public static WireError FromException(Exception exception, string validationCode) => exception switch
    {
        MlOpsValidationException invalid => new(HttpStatusCode.BadRequest, validationCode, invalid.Message),
        MlOpsException failure => new(failure.StatusCode ?? HttpStatusCode.BadRequest, failure.ErrorCode, failure.Message),
        _ => new(HttpStatusCode.InternalServerError, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure."),
    };
}
