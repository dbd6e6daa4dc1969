namespace MlOps.Sdk.Aws;

/// <summary>An AWS service the adapters call: how it is addressed, signed and overridden.</summary>
/// <param name="HostPrefix">The host's first labels: <c>api.sagemaker</c> gives <c>api.sagemaker.&lt;region&gt;.amazonaws.com</c>.</param>
/// <param name="SigningName">The SigV4 service name.</param>
/// <param name="EnvironmentKey">The service's part of <c>AWS_ENDPOINT_URL_&lt;KEY&gt;</c>.</param>
/// <param name="HttpClientName">The name of its <see cref="System.Net.Http.HttpClient"/> in <c>IHttpClientFactory</c>.</param>
internal sealed record AwsService(string HostPrefix, string SigningName, string EnvironmentKey, string HttpClientName)
{
    internal static readonly AwsService SageMaker = new("api.sagemaker", "sagemaker", "SAGEMAKER", "MlOps.Aws.SageMaker");

    internal static readonly AwsService SageMakerRuntime = new("runtime.sagemaker", "sagemaker", "SAGEMAKER_RUNTIME", "MlOps.Aws.SageMakerRuntime");

    internal static readonly AwsService Logs = new("logs", "logs", "CLOUDWATCH_LOGS", "MlOps.Aws.Logs");

    internal static readonly AwsService S3 = new("s3", "s3", "S3", "MlOps.Aws.S3");

    internal static readonly AwsService ResourceGroupsTagging = new("tagging", "tagging", "RESOURCE_GROUPS_TAGGING_API", "MlOps.Aws.ResourceGroupsTagging");

    internal static readonly AwsService ApplicationAutoScaling = new("application-autoscaling", "application-autoscaling", "APPLICATION_AUTO_SCALING", "MlOps.Aws.ApplicationAutoScaling");
}
