using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace MlOps.Sdk.Aws;

/// <summary>
/// Where and as whom the adapters call AWS: the region, the credentials and each service's endpoint, resolved once and
/// lazily (so registering AWS mode never touches the network or throws).
/// </summary>
internal sealed class AwsEnvironment
{
    private readonly AwsOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly Lazy<RegionEndpoint> _region;
    private readonly Lazy<AWSCredentials> _credentials;

    public AwsEnvironment(IOptions<MlOpsOptions> mlOpsOptions, IOptions<AwsOptions> awsOptions)
        : this(mlOpsOptions.Value, awsOptions.Value, Environment.GetEnvironmentVariable)
    {
    }

    internal AwsEnvironment(MlOpsOptions mlOpsOptions, AwsOptions awsOptions, Func<string, string?> environment)
    {
        _options = awsOptions;
        _environment = environment;
        _region = new Lazy<RegionEndpoint>(() => ResolveRegion(mlOpsOptions.Region));
        _credentials = new Lazy<AWSCredentials>(() => awsOptions.Credentials ?? ResolveDefaultCredentials());
    }

    /// <summary>The region to call and sign for.</summary>
    public RegionEndpoint Region => _region.Value;

    /// <summary>The credentials to sign with.</summary>
    public AWSCredentials Credentials => _credentials.Value;

    /// <summary>The options of the AWS adapters.</summary>
    public AwsOptions Options => _options;

    /// <summary>The endpoint override of a service (options, then the environment), or <see langword="null"/> for AWS's own.</summary>
    public Uri? EndpointOverride(AwsService service)
    {
        var specific = service.EnvironmentKey switch
        {
            "SAGEMAKER" => _options.SageMakerEndpointUrl,
            "SAGEMAKER_RUNTIME" => _options.SageMakerRuntimeEndpointUrl,
            "CLOUDWATCH_LOGS" => _options.LogsEndpointUrl,
            "S3" => _options.S3EndpointUrl,
            _ => null,
        };
        return specific
            ?? ParseEndpoint(_environment("AWS_ENDPOINT_URL_" + service.EnvironmentKey), "AWS_ENDPOINT_URL_" + service.EnvironmentKey)
            ?? _options.EndpointUrl
            ?? ParseEndpoint(_environment("AWS_ENDPOINT_URL"), "AWS_ENDPOINT_URL");
    }

    /// <summary>The endpoint of a service: its override, else <c>https://&lt;prefix&gt;.&lt;region&gt;.&lt;partition domain&gt;</c>.</summary>
    public Uri Endpoint(AwsService service)
    {
        var custom = EndpointOverride(service);
        if (custom is not null)
        {
            return custom;
        }

        var domain = Region.PartitionDnsSuffix ?? "amazonaws.com";
        return new Uri($"https://{service.HostPrefix}.{Region.SystemName}.{domain}/");
    }

    private static Uri? ParseEndpoint(string? value, string variable)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new MlOpsValidationException(variable, $"'{value}' must be an absolute http:// or https:// URL");
        }

        return uri;
    }

    private static RegionEndpoint ResolveRegion(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return RegionEndpoint.GetBySystemName(configured.Trim());
        }

        return FallbackRegionFactory.GetRegionEndpoint()
            ?? throw new MlOpsValidationException(
                "MlOps:Region",
                "no AWS region found: set MlOps:Region, AWS_REGION, or a region in the AWS profile");
    }

    private static AWSCredentials ResolveDefaultCredentials()
    {
        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
        }
        catch (AmazonClientException ex)
        {
            throw new MlOpsException(
                "No AWS credentials found (environment, profile, SSO, web identity, container, instance metadata). " +
                "In GitLab CI, set id_tokens and AWS_ROLE_ARN + AWS_WEB_IDENTITY_TOKEN_FILE. " + ex.Message,
                AwsSignInFailure.ErrorCode,
                innerException: ex);
        }
    }
}
