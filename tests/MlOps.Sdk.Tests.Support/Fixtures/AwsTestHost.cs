using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.Aws;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// The SDK registered in AWS mode the way an application does it (<c>AddMlOps</c>), pointed at one endpoint, with a
/// <see cref="RecordingHandler"/> as every AWS client's transport.
/// </summary>
public sealed class AwsTestHost : IDisposable
{
    public const string Region = "us-east-1";
    public const string AccountId = "123456789012";
    public const string RoleArn = "arn:aws:iam::123456789012:role/SageMakerRole";

    private readonly ServiceProvider _provider;

    public AwsTestHost(Uri endpoint, RecordingHandler handler, TimeProvider? timeProvider = null, int maxAttempts = 4, Action<IServiceCollection>? configure = null)
    {
        Handler = handler;
        TimeProvider = timeProvider ?? new ImmediateTimeProvider();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["MlOps:Mode"] = "aws",
                ["MlOps:Region"] = Region,
                ["MlOps:Aws:EndpointUrl"] = endpoint.ToString(),
                ["MlOps:Aws:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MlOps:Aws:AttemptTimeout"] = "02:00:00",
                ["MlOps:Aws:Timeout"] = "03:00:00",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider);
        services.AddMlOps(configuration);
        services.Configure<AwsOptions>(o => o.Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));
        foreach (var name in new[] { "MlOps.Aws.SageMaker", "MlOps.Aws.SageMakerRuntime", "MlOps.Aws.Logs", "MlOps.Aws.ApplicationAutoScaling", "MlOps.Aws.ResourceGroupsTagging" })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => handler);
        }

        configure?.Invoke(services);
        _provider = services.BuildServiceProvider();
    }

    public RecordingHandler Handler { get; }

    public TimeProvider TimeProvider { get; }

    public IServiceProvider Services => _provider;

    public ISageMakerClient SageMaker => _provider.GetRequiredService<ISageMakerClient>();

    public ISageMakerRuntimeClient Runtime => _provider.GetRequiredService<ISageMakerRuntimeClient>();

    public ITrainingLogClient Logs => _provider.GetRequiredService<ITrainingLogClient>();

    public IArtifactStore Artifacts => _provider.GetRequiredService<IArtifactStore>();

    public void Dispose() => _provider.Dispose();
}
