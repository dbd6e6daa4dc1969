using System.Text;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

/// <summary>The model checker itself: it must catch each kind of violation, or the wire tests would prove nothing.</summary>
public sealed class ModelConformanceCheckerTests
{
    private const string ValidJob =
        "{\"TrainingJobName\":\"churn-1\",\"RoleArn\":\"arn:aws:iam::123456789012:role/SageMakerRole\"," +
        "\"AlgorithmSpecification\":{\"TrainingImage\":\"img:1\",\"TrainingInputMode\":\"File\"}," +
        "\"OutputDataConfig\":{\"S3OutputPath\":\"s3://bucket/out/\"}," +
        "\"ResourceConfig\":{\"InstanceType\":\"ml.m5.large\",\"InstanceCount\":1,\"VolumeSizeInGB\":10}," +
        "\"StoppingCondition\":{\"MaxRuntimeInSeconds\":3600}}";

    [Fact]
    public void CheckJsonRequest_ValidCreateTrainingJob_HasNoViolation()
    {
        Assert.Empty(Check("CreateTrainingJob", ValidJob));
    }

    [Theory]
    [InlineData("\"RoleArn\":\"arn:aws:iam::123456789012:role/SageMakerRole\",", "", "RoleArn: required")]
    [InlineData("\"TrainingJobName\":\"churn-1\"", "\"TrainingJobName\":\"churn_1\"", "TrainingJobName: 'churn_1' does not match")]
    [InlineData("\"TrainingInputMode\":\"File\"", "\"TrainingInputMode\":\"Folder\"", "not one of the model's enum values")]
    [InlineData("\"MaxRuntimeInSeconds\":3600", "\"MaxRuntimeInSeconds\":0", "below the minimum")]
    [InlineData("\"InstanceCount\":1", "\"InstanceCount\":\"1\"", "expected an integer")]
    [InlineData("\"MaxRuntimeInSeconds\":3600", "\"MaxRuntimeInSeconds\":3600,\"Bogus\":1", "Bogus: not a member")]
    [InlineData("\"TrainingJobName\":\"churn-1\"", "\"TrainingJobName\":\"churn-1\",\"Tags\":null", "sent as null")]
    [InlineData("\"TrainingJobName\":\"churn-1\"", "\"TrainingJobName\":\"churn-1\",\"InputDataConfig\":[]", "fewer than 1")]
    public void CheckJsonRequest_BrokenRule_ReportsViolation(string find, string replace, string expected)
    {
        var violations = Check("CreateTrainingJob", ValidJob.Replace(find, replace, StringComparison.Ordinal));

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void CheckJsonRequest_CharsetInContentType_ReportsViolation()
    {
        var request = Request("CreateTrainingJob", ValidJob, "application/x-amz-json-1.1; charset=utf-8");

        var violations = ModelConformanceChecker.CheckJsonRequest(BotocoreModel.SageMaker, request);

        Assert.Contains(violations, v => v.Contains("Content-Type", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckJsonRequest_TimestampAsText_ReportsViolation()
    {
        var violations = Check("ListTrainingJobs", "{\"CreationTimeAfter\":\"2026-01-01T00:00:00Z\"}");

        Assert.Contains(violations, v => v.Contains("epoch seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckRuntimeRequest_BadEndpointNameInPath_ReportsViolation()
    {
        var request = new RecordedRequest(HttpMethod.Post, new Uri("https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/bad_name/invocations"), new Dictionary<string, string>(), "{}"u8.ToArray());

        var violations = ModelConformanceChecker.CheckRuntimeRequest(request);

        Assert.Contains(violations, v => v.Contains("EndpointName", StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Check(string operation, string body) =>
        ModelConformanceChecker.CheckJsonRequest(BotocoreModel.SageMaker, Request(operation, body, "application/x-amz-json-1.1"));

    private static RecordedRequest Request(string operation, string body, string contentType) => new(
        HttpMethod.Post,
        new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"),
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Amz-Target"] = "SageMaker." + operation, ["Content-Type"] = contentType },
        Encoding.UTF8.GetBytes(body));
}
