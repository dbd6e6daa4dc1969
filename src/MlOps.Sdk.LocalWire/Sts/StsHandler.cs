using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MlOps.Sdk.LocalWire.Sts;

/// <summary>
/// STS's <c>AssumeRoleWithWebIdentity</c> (query protocol: an unsigned form POST to <c>/</c>), so a job signs in to the
/// server exactly as a GitLab CI job signs in to AWS: with its OIDC id token and a role ARN. The request's parameters
/// are checked against the API reference's limits, and the token's audience and expiry as STS checks them against the
/// account's OIDC provider, whose client id is <c>sts.amazonaws.com</c> (tofu's <c>ci_oidc</c> module). There is no IAM
/// here: any role ARN is accepted, and the token's signature is not verified.
/// </summary>
internal sealed partial class StsHandler(TimeProvider clock)
{
    /// <summary>The one audience the account's OIDC provider trusts, as tofu creates it and the templates request it.</summary>
    public const string Audience = "sts.amazonaws.com";

    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>Whether a request is for STS: a form POST to the root with no <c>X-Amz-Target</c>.</summary>
    /// <param name="request">The request.</param>
    /// <returns>Whether this handler answers it.</returns>
    public static bool Answers(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Value is null or "" or "/")
        && request.HasFormContentType
        && !request.Headers.ContainsKey("X-Amz-Target");

    /// <summary>Answers one STS request.</summary>
    /// <param name="context">The exchange.</param>
    /// <returns>
    /// What the server's log names the request by, once the answer is written: <c>STS AssumeRoleWithWebIdentity
    /// &lt;role ARN&gt;</c>, so the log shows which role each sign-in asked for (the ARN only when it is one: the log
    /// never echoes other text a client sent), else <c>STS</c>.
    /// </returns>
    public async Task<string> HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var action = form["Action"].ToString();
        if (action != "AssumeRoleWithWebIdentity")
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "InvalidAction", $"Could not find operation {action} for version 2011-06-15; mlops-local serve answers AssumeRoleWithWebIdentity only.").ConfigureAwait(false);
            return "STS";
        }

        var roleArn = form["RoleArn"].ToString();
        await AssumeRoleWithWebIdentityAsync(context, form, roleArn).ConfigureAwait(false);
        return roleArn.Length <= 2048 && !roleArn.Contains('\n', StringComparison.Ordinal) && RoleArnPattern().IsMatch(roleArn)
            ? $"STS AssumeRoleWithWebIdentity {roleArn}"
            : "STS AssumeRoleWithWebIdentity";
    }

    private async Task AssumeRoleWithWebIdentityAsync(HttpContext context, IFormCollection form, string roleArn)
    {
        var sessionName = form["RoleSessionName"].ToString();
        var token = form["WebIdentityToken"].ToString();
        var durationText = form["DurationSeconds"].ToString();
        if (Refusal(roleArn, sessionName, token, durationText, out var duration) is { } refusal)
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, refusal.Code, refusal.Message).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow();
        var claims = WebIdentityToken.TryRead(token, out var problem);
        if (claims is null)
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "InvalidIdentityToken", $"The web identity token cannot be read: {problem}.").ConfigureAwait(false);
            return;
        }

        if (!claims.Audiences.Contains(Audience, StringComparer.Ordinal))
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "InvalidIdentityToken", $"Incorrect token audience: the account's OIDC provider trusts '{Audience}', the token is for '{string.Join(", ", claims.Audiences)}'.").ConfigureAwait(false);
            return;
        }

        if (claims.Expires is { } expires && expires <= now)
        {
            await WriteErrorAsync(context, HttpStatusCode.BadRequest, "ExpiredTokenException", $"Token expired: current date/time {now:yyyy-MM-ddTHH:mm:ssZ} must be before the expiration date/time {expires:yyyy-MM-ddTHH:mm:ssZ}").ConfigureAwait(false);
            return;
        }

        var account = roleArn.Split(':')[4];
        var roleName = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var body = $"""
            <AssumeRoleWithWebIdentityResponse xmlns="{Namespace}">
              <AssumeRoleWithWebIdentityResult>
                <Credentials>
                  <AccessKeyId>ASIA{Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}</AccessKeyId>
                  <SecretAccessKey>{Random(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}</SecretAccessKey>
                  <SessionToken>{Random(64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}</SessionToken>
                  <Expiration>{now.AddSeconds(duration):yyyy-MM-ddTHH:mm:ssZ}</Expiration>
                </Credentials>
                <SubjectFromWebIdentityToken>{Xml(claims.Subject ?? string.Empty)}</SubjectFromWebIdentityToken>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::{account}:assumed-role/{Xml(roleName)}/{Xml(sessionName)}</Arn>
                  <AssumedRoleId>AROA{Random(17, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}:{Xml(sessionName)}</AssumedRoleId>
                </AssumedRoleUser>
                <Provider>{Xml(claims.Issuer ?? string.Empty)}</Provider>
                <Audience>{Audience}</Audience>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;
        await WriteAsync(context, HttpStatusCode.OK, body).ConfigureAwait(false);
    }

    // The limits of AssumeRoleWithWebIdentity's request parameters (STS API reference); DurationSeconds is capped at the
    // default maximum session duration of a role, one hour, which tofu's roles keep.
    private static (string Code, string Message)? Refusal(string roleArn, string sessionName, string token, string durationText, out int duration)
    {
        duration = 3600;
        if (roleArn.Length is < 20 or > 2048 || !RoleArnPattern().IsMatch(roleArn))
        {
            return ("ValidationError", $"1 validation error detected: Value '{roleArn}' at 'roleArn' failed to satisfy constraint: must be the ARN of an IAM role (arn:aws:iam::<account>:role/<name>)");
        }

        if (sessionName.Length is < 2 or > 64 || !SessionNamePattern().IsMatch(sessionName))
        {
            return ("ValidationError", $"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length 2 to 64 and match [\\w+=,.@-]*");
        }

        if (token.Length is < 4 or > 20000)
        {
            return ("ValidationError", "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length between 4 and 20000");
        }

        if (durationText.Length > 0 && (!int.TryParse(durationText, out duration) || duration < 900 || duration > 3600))
        {
            return ("ValidationError", $"The requested DurationSeconds '{durationText}' must be 900 to 3600: it exceeds the MaxSessionDuration set for this role.");
        }

        return null;
    }

    private static string Random(int length, string alphabet) => RandomNumberGenerator.GetString(alphabet, length);

    private static string Xml(string text) => SecurityElement.Escape(text);

    private static Task WriteErrorAsync(HttpContext context, HttpStatusCode status, string code, string message) =>
        WriteAsync(context, status, $"""
            <ErrorResponse xmlns="{Namespace}">
              <Error><Type>Sender</Type><Code>{code}</Code><Message>{Xml(message)}</Message></Error>
              <RequestId>{Guid.NewGuid()}</RequestId>
            </ErrorResponse>
            """);

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();

    [GeneratedRegex(@"^[\w+=,.@-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionNamePattern();
}
