using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>
/// Calls on a resource that does not exist, one per operation the SDK makes, with the error SageMaker answers: its
/// code and the start of its message. The layers read both as "not found" (<c>ResourceErrors.IsNotFound</c>), so both
/// modes must give them.
/// </summary>
public static class SageMakerMissingResourceCases
{
    private const string Account = "000000000000";

    private static readonly Dictionary<string, (Func<ISageMakerClient, Task> Call, string Code, string Message)> Cases = new(StringComparer.Ordinal)
    {
        ["DescribeTrainingJob"] = (c => c.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "missing" }), "ValidationException", "Requested resource not found"),
        ["StopTrainingJob"] = (c => c.StopTrainingJobAsync(new StopTrainingJobRequest { TrainingJobName = "missing" }), "ValidationException", "Requested resource not found"),
        ["DescribeModelPackageGroup"] = (c => c.DescribeModelPackageGroupAsync(new DescribeModelPackageGroupRequest { ModelPackageGroupName = "missing" }), "ValidationException", "Model Package Group missing does not exist."),
        ["DeleteModelPackageGroup"] = (c => c.DeleteModelPackageGroupAsync(new DeleteModelPackageGroupRequest { ModelPackageGroupName = "missing" }), "ValidationException", "Model Package Group missing does not exist."),
        ["DescribeModelPackage"] = (c => c.DescribeModelPackageAsync(new DescribeModelPackageRequest { ModelPackageName = Package }), "ValidationException", $"ModelPackage {Package} does not exist."),
        ["UpdateModelPackage"] = (c => c.UpdateModelPackageAsync(new UpdateModelPackageRequest { ModelPackageArn = Package, ModelApprovalStatus = ModelApprovalStatus.Approved }), "ValidationException", $"ModelPackage {Package} does not exist."),
        ["DeleteModelPackage"] = (c => c.DeleteModelPackageAsync(new DeleteModelPackageRequest { ModelPackageName = Package }), "ValidationException", $"ModelPackage {Package} does not exist."),
        ["DescribeModel"] = (c => c.DescribeModelAsync(new DescribeModelRequest { ModelName = "missing" }), "ValidationException", "Could not find model"),
        ["DeleteModel"] = (c => c.DeleteModelAsync(new DeleteModelRequest { ModelName = "missing" }), "ValidationException", "Could not find model"),
        ["DescribeEndpointConfig"] = (c => c.DescribeEndpointConfigAsync(new DescribeEndpointConfigRequest { EndpointConfigName = "missing" }), "ValidationException", "Could not find endpoint configuration"),
        ["DeleteEndpointConfig"] = (c => c.DeleteEndpointConfigAsync(new DeleteEndpointConfigRequest { EndpointConfigName = "missing" }), "ValidationException", "Could not find endpoint configuration"),
        ["DescribeEndpoint"] = (c => c.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "missing" }), "ValidationException", "Could not find endpoint"),
        ["UpdateEndpoint"] = (c => c.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "missing", EndpointConfigName = "missing" }), "ValidationException", "Could not find endpoint"),
        ["UpdateEndpointWeightsAndCapacities"] = (c => c.UpdateEndpointWeightsAndCapacitiesAsync(new UpdateEndpointWeightsAndCapacitiesRequest { EndpointName = "missing", DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = "AllTraffic", DesiredInstanceCount = 2 }] }), "ValidationException", "Could not find endpoint"),
        ["DeleteEndpoint"] = (c => c.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "missing" }), "ValidationException", "Could not find endpoint"),
        ["AddTags"] = (c => c.AddTagsAsync(new AddTagsRequest { ResourceArn = MissingEndpointArn, Tags = [new Tag { Key = "k", Value = "v" }] }), "ResourceNotFound", $"Resource {MissingEndpointArn} does not exist."),
        ["ListTags"] = (async c => { await foreach (var _ in c.ListTagsAsync(new ListTagsRequest { ResourceArn = MissingEndpointArn })) { } }, "ResourceNotFound", $"Resource {MissingEndpointArn} does not exist."),
    };

    private static string Package => $"arn:aws:sagemaker:us-east-1:{Account}:model-package/missing/1";

    private static string MissingEndpointArn => $"arn:aws:sagemaker:us-east-1:{Account}:endpoint/missing";

    /// <summary>The operation names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Operations => [.. Cases.Keys];

    public static Task CallAsync(string operation, ISageMakerClient client) => Cases[operation].Call(client);

    public static string Code(string operation) => Cases[operation].Code;

    public static string Message(string operation) => Cases[operation].Message;
}
