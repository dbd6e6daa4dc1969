using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Web;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// STS and SageMaker on one free loopback port, as far as a CI job's sign-in needs them: <c>AssumeRoleWithWebIdentity</c>
/// answers temporary credentials (or refuses the token), and SageMaker's <c>ListModelPackageGroups</c> answers an empty
/// list. Every request's form fields and headers are recorded, so a test sees which token went to STS and which
/// credentials signed the SageMaker call.
/// </summary>
public sealed class FakeStsAndSageMakerServer : IAsyncDisposable
{
    /// <summary>The access key id STS hands out; not shaped like a real key, so no secret scanner mistakes it for one.</summary>
    public const string TemporaryAccessKeyId = "ASIA-from-fake-sts";

    /// <summary>The session token STS hands out.</summary>
    public const string TemporarySessionToken = "session-token-from-fake-sts";

    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakeStsAndSageMakerServer(bool refuseToken = false)
    {
        RefuseToken = refuseToken;
        (_listener, var port) = LoopbackHttpListener.StartOnFreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _loop = Task.Run(() => LoopbackHttpListener.AcceptUntilStoppedAsync(_listener, HandleAsync, _stop.Token));
    }

    public Uri Endpoint { get; }

    public bool RefuseToken { get; }

    /// <summary>The form fields of each STS call, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> StsCalls { get; } = new();

    /// <summary>The headers of each SageMaker call, in order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> SageMakerCalls { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _listener.Close();
        _stop.Dispose();
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var target = request.Headers["X-Amz-Target"];
        if (target is null)
        {
            var form = HttpUtility.ParseQueryString(body);
            StsCalls.Enqueue(form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k] ?? string.Empty, StringComparer.Ordinal));
            if (RefuseToken)
            {
                await WriteAsync(context.Response, HttpStatusCode.BadRequest, "text/xml", StsError("InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider"));
                return;
            }

            await WriteAsync(context.Response, HttpStatusCode.OK, "text/xml", StsCredentials());
            return;
        }

        SageMakerCalls.Enqueue(request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase));
        var answer = target == "SageMaker.ListModelPackageGroups"
            ? (HttpStatusCode.OK, "{\"ModelPackageGroupSummaryList\":[]}")
            : (HttpStatusCode.BadRequest, "{\"__type\":\"UnknownOperationException\",\"message\":\"fake: " + target + "\"}");
        await WriteAsync(context.Response, answer.Item1, "application/x-amz-json-1.1", answer.Item2);
    }

    private static string StsCredentials() =>
        "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult>"
        + $"<Credentials><AccessKeyId>{TemporaryAccessKeyId}</AccessKeyId><SecretAccessKey>not-a-secret</SecretAccessKey>"
        + $"<SessionToken>{TemporarySessionToken}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
        + "<SubjectFromWebIdentityToken>project_path:group/project:ref_type:branch:ref:main</SubjectFromWebIdentityToken>"
        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/ci/gitlab</Arn><AssumedRoleId>AROAFAKE:gitlab</AssumedRoleId></AssumedRoleUser>"
        + "<Audience>sts.amazonaws.com</Audience></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>fake-1</RequestId></ResponseMetadata>"
        + "</AssumeRoleWithWebIdentityResponse>";

    private static string StsError(string code, string message) =>
        $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>fake-2</RequestId></ErrorResponse>";

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = (int)status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }
}
