namespace MlOps.Sdk.Aws;

/// <summary>
/// Reads the kind of an AWS error answer. SageMaker answers most operations on a missing resource, and creates of a taken
/// name, with a plain <c>ValidationException</c> whose message alone says which (<c>Could not find endpoint "…"</c>,
/// <c>Cannot create already existing model "…"</c>). This is the one place that reads those messages, at the wire, so
/// every layer above branches on <see cref="MlOpsException.Kind"/>.
/// </summary>
internal static class AwsErrorKinds
{
    private static readonly string[] NotFoundPhrases = ["Could not find", "does not exist", "not found"];

    private static readonly string[] AlreadyExistsPhrases = ["already existing", "already exists"];

    internal static MlOpsErrorKind KindOf(string code, string? message)
    {
        var byCode = MlOpsErrorCodes.KindOf(code);
        if (byCode != MlOpsErrorKind.Other || code != MlOpsErrorCodes.ValidationException || message is null)
        {
            return byCode;
        }

        if (NotFoundPhrases.Any(phrase => message.Contains(phrase, StringComparison.OrdinalIgnoreCase)))
        {
            return MlOpsErrorKind.NotFound;
        }

        return AlreadyExistsPhrases.Any(phrase => message.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            ? MlOpsErrorKind.AlreadyExists
            : MlOpsErrorKind.Other;
    }
}
