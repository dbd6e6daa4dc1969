using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Endpoints;

/// <summary>
/// The content-addressed names of a deployment's model and endpoint config, from the Naming layer's rules: the same
/// definition always gets the same name, so a retried deploy reuses what its first attempt created.
/// </summary>
/// <remarks>Same shape as <see cref="ResourceNamer.EndpointConfigName"/>, which needs a project this client does not have.</remarks>
internal static class DeploymentNaming
{
    internal static string EndpointConfigName(string endpointName, string endpointConfigJson) =>
        SageMakerNameRules.Shorten($"{endpointName}-{SageMakerNameRules.ContentHash(endpointConfigJson)}");

    internal static string ModelName(string endpointName, string modelDefinitionJson) =>
        SageMakerNameRules.Shorten($"{endpointName}-m-{SageMakerNameRules.ContentHash(modelDefinitionJson)}");
}
