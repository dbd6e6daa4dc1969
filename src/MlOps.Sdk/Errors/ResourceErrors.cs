namespace MlOps.Sdk;

/// <summary>
/// Reads SageMaker's ways of saying "not found" and "already exists", which differ per operation: some use
/// <c>ResourceNotFound</c>, most use <c>ValidationException</c> with a message such as
/// <c>Could not find endpoint "…"</c> or <c>Cannot create already existing model "…"</c>.
/// </summary>
internal static class ResourceErrors
{
    internal static bool IsNotFound(MlOpsException error) =>
        error is not MlOpsValidationException
        && (error.ErrorCode is "ResourceNotFound" or "ResourceNotFoundException" or "NoSuchKey" or "NotFound"
            || (error.ErrorCode == "ValidationException"
                && (error.Message.Contains("Could not find", StringComparison.OrdinalIgnoreCase)
                    || error.Message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                    || error.Message.Contains("not found", StringComparison.OrdinalIgnoreCase))));

    internal static bool IsAlreadyExists(MlOpsException error) =>
        error is not MlOpsValidationException
        && (error.ErrorCode is "ResourceInUse" or "ResourceInUseException" or "ConflictException"
            || (error.ErrorCode == "ValidationException"
                && (error.Message.Contains("already existing", StringComparison.OrdinalIgnoreCase)
                    || error.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))));
}
