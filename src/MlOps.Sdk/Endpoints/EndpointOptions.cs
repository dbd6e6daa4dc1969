using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Endpoints;

/// <summary>Settings of <see cref="EndpointClient"/>, bound from the configuration section <c>MlOps:Endpoints</c>.</summary>
public sealed class EndpointOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "MlOps:Endpoints";

    /// <summary>How to poll an endpoint until it is in service. Defaults to botocore's <c>EndpointInService</c> (30 s × 120); local mode polls every 100 ms.</summary>
    public WaiterOptions InServiceWaiter { get; set; } = WaiterDefaults.EndpointInService(MlOpsMode.Aws);

    /// <summary>How to poll an endpoint until it is gone. Defaults to botocore's <c>EndpointDeleted</c> (30 s × 60); local mode polls every 100 ms.</summary>
    public WaiterOptions DeletedWaiter { get; set; } = WaiterDefaults.EndpointDeleted(MlOpsMode.Aws);
}
