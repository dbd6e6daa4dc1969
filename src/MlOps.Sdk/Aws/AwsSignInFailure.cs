using Amazon.Runtime;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Turns a failure to obtain credentials (STS refusing GitLab's id token, an unreadable token file) into the SDK's
/// exception, with what a CI job needs to fix it, instead of AWSSDK's stack of client exceptions.
/// </summary>
internal static class AwsSignInFailure
{
    internal const string ErrorCode = "NoCredentials";

    /// <summary>Whether an AWSSDK exception comes from signing in rather than from the call itself.</summary>
    internal static bool IsSignIn(AmazonClientException error) =>
        Chain(error).Any(e => e is Amazon.SecurityToken.AmazonSecurityTokenServiceException)
        || error.Message.Contains("AssumeRole", StringComparison.Ordinal);

    internal static MlOpsException From(AmazonClientException error)
    {
        var service = Chain(error).OfType<AmazonServiceException>().FirstOrDefault();
        var cause = service is null ? error.Message : $"{service.ErrorCode}: {service.Message}";
        var role = Environment.GetEnvironmentVariable("AWS_ROLE_ARN");
        return new MlOpsException(
            $"Signing in to AWS failed{(role is null ? string.Empty : $" for role {role}")}: {cause}. A CI job signs in with "
            + "GitLab's OIDC id token: AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, which the templates set from the role "
            + "variables and id_tokens (aud sts.amazonaws.com); the role's trust policy must accept this project's token.",
            ErrorCode,
            service?.StatusCode,
            role,
            error);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
