using Amazon.Runtime;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Settings of the AWS adapters, bound from the configuration section <c>MlOps:Aws</c>. Endpoint overrides here win over
/// the environment (<c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>).
/// </summary>
public sealed class AwsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MlOps:Aws";

    /// <summary>An endpoint for every AWS service at once (for example a moto server), like <c>AWS_ENDPOINT_URL</c>.</summary>
    public Uri? EndpointUrl { get; set; }

    /// <summary>The SageMaker control-plane endpoint, like <c>AWS_ENDPOINT_URL_SAGEMAKER</c>.</summary>
    public Uri? SageMakerEndpointUrl { get; set; }

    /// <summary>The SageMaker runtime endpoint, like <c>AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME</c>.</summary>
    public Uri? SageMakerRuntimeEndpointUrl { get; set; }

    /// <summary>The CloudWatch Logs endpoint, like <c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>.</summary>
    public Uri? LogsEndpointUrl { get; set; }

    /// <summary>The S3 endpoint, like <c>AWS_ENDPOINT_URL_S3</c>; when set, path-style addressing is used.</summary>
    public Uri? S3EndpointUrl { get; set; }

    /// <summary>How many times a call is tried in all, the first try included. At least 1; 5 by default.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The base of the exponential backoff between tries (full jitter). 200 ms by default.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two tries. 20 s by default, as in the AWS SDKs.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one try may take before it is abandoned and retried. 60 s by default.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a call may take, every retry included. 5 minutes by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The part size of multipart S3 uploads. 16 MiB by default; files larger than this go up in parts.</summary>
    public long MultipartPartSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Credentials to sign with. When <see langword="null"/> (the default), AWS's default chain is used: environment,
    /// profile, SSO, web identity (GitLab OIDC), container, instance metadata.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }
}
