namespace MlOps.Sdk.SageMaker;

/// <summary>Rules of <c>UpdateEndpoint</c> that need the new endpoint config to be checked.</summary>
public sealed partial record UpdateEndpointRequest
{
    /// <summary>Whether <see cref="ValidateAgainstConfig"/> needs the endpoint config: a traffic size given in instances.</summary>
    /// <returns><see langword="true"/> when the new config has to be read before the update is sent.</returns>
    /// <remarks>A method, not a property, so that it is never serialized onto the wire.</remarks>
    public bool NeedsEndpointConfig() => DeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration.NeedsFleetSize() == true;

    /// <summary>
    /// Checks the traffic sizes given in instances against each variant's instance count in the new config (canary at
    /// most 50 %, linear steps 10-50 %). Both adapters call it before the update is made.
    /// </summary>
    /// <param name="config">The endpoint config named by <see cref="EndpointConfigName"/>.</param>
    /// <param name="path">The field path of this value, used in error messages.</param>
    /// <exception cref="MlOpsValidationException">A size is out of its range.</exception>
    public void ValidateAgainstConfig(DescribeEndpointConfigResponse config, string path = "UpdateEndpointRequest")
    {
        ArgumentNullException.ThrowIfNull(config);
        if (DeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration is not { } routing)
        {
            return;
        }

        foreach (var variant in config.ProductionVariants)
        {
            routing.ValidateAgainstFleet(variant.InitialInstanceCount ?? 1, path + ".DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration");
        }
    }
}
