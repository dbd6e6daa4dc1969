namespace MlOps.Sdk;

/// <summary>
/// Input that breaks a rule, found on the client side before any call was made.
/// </summary>
public sealed class MlOpsValidationException : MlOpsException
{
    /// <summary>Error code carried by every validation failure.</summary>
    public const string ValidationErrorCode = "ClientValidationError";

    /// <summary>The error code SageMaker answers a request that breaks one of its parameter rules with.</summary>
    public const string SageMakerValidationErrorCode = MlOpsErrorCodes.ValidationException;

    /// <summary>Creates a validation error for one field and the rule it breaks.</summary>
    /// <param name="fieldName">The field at fault, as the caller named it (for example <c>TrainingJobName</c> or <c>HyperParameters[epochs]</c>).</param>
    /// <param name="rule">The rule the value breaks, for a person (for example <c>must be 1-63 characters</c>).</param>
    /// <param name="resourceName">The resource concerned, when known.</param>
    public MlOpsValidationException(string fieldName, string rule, string? resourceName = null)
        : base($"{fieldName}: {rule}", ValidationErrorCode, null, resourceName)
    {
        FieldName = fieldName;
        Rule = rule;
    }

    /// <summary>The field at fault.</summary>
    public string FieldName { get; }

    /// <summary>The rule the value breaks.</summary>
    public string Rule { get; }

    /// <summary>
    /// The error code the service gives the same request when it reaches it (SageMaker: <c>ValidationException</c>).
    /// Both adapters refuse before any call, so this is how a caller (or a test) holds the refusal against the service's.
    /// </summary>
    public string ServiceErrorCode { get; } = SageMakerValidationErrorCode;
}
