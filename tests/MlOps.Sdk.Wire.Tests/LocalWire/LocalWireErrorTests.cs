using System.Net;
using System.Text;
using System.Text.Json;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>Errors as clients see them: AWS's codes, statuses and shapes, read by boto3's own error parsers.</summary>
public sealed class LocalWireErrorTests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>
{
    // Prints [code, HTTP status, message] of the ClientError the call raises (or null).
    private const string Prelude = """
        from botocore.exceptions import ClientError
        def error(call):
            try:
                call()
                return None
            except ClientError as e:
                return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
        sm = session.client("sagemaker")
        rt = session.client("sagemaker-runtime")

        """;

    [Fact]
    public async Task DescribeEndpoint_Missing_Boto3SeesValidationException400()
    {
        var (code, status, message) = await ErrorAsync("""sm.describe_endpoint(EndpointName="nowhere")""");

        Assert.Equal("ValidationException", code);
        Assert.Equal(400, status);
        Assert.Contains("Could not find endpoint", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeTrainingJob_Missing_Boto3SeesValidationExceptionRequestedResourceNotFound()
    {
        var (code, status, message) = await ErrorAsync("""sm.describe_training_job(TrainingJobName="nowhere")""");

        Assert.Equal("ValidationException", code);
        Assert.Equal(400, status);
        Assert.Contains("Requested resource not found", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTags_UnknownArn_Boto3SeesResourceNotFound()
    {
        var (code, status, _) = await ErrorAsync("""sm.list_tags(ResourceArn="arn:aws:sagemaker:us-east-1:000000000000:endpoint/nowhere")""");

        Assert.Equal("ResourceNotFound", code);
        Assert.Equal(400, status);
    }

    [Fact]
    public async Task CreateTrainingJob_BadName_Boto3SeesValidationExceptionNamingTheField()
    {
        // botocore checks lengths and required members itself, not patterns: the name reaches the server, as it reaches AWS.
        var (code, status, message) = await ErrorAsync($$"""
            sm.create_training_job(TrainingJobName="bad_name", RoleArn="arn:aws:iam::000000000000:role/r",
                AlgorithmSpecification={"TrainingImage": "000000000000.dkr.ecr.us-east-1.amazonaws.com/x:1", "TrainingInputMode": "File"},
                OutputDataConfig={"S3OutputPath": "s3://b/o"}, ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
                StoppingCondition={"MaxRuntimeInSeconds": 60})
            """);

        Assert.Equal("ValidationException", code);
        Assert.Equal(400, status);
        Assert.Contains("TrainingJobName", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeEndpoint_MissingEndpoint_Boto3SeesValidationError400()
    {
        var (code, status, message) = await ErrorAsync("""rt.invoke_endpoint(EndpointName="nowhere", Body=b"1")""");

        Assert.Equal("ValidationError", code);
        Assert.Equal(400, status);
        Assert.Contains("nowhere", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListEndpoints_UnsignedRequest_Boto3SeesMissingAuthenticationToken403()
    {
        var (code, status, _) = await ErrorAsync("""
            from botocore import UNSIGNED
            session.client("sagemaker", config=Config(signature_version=UNSIGNED)).list_endpoints()
            """);

        Assert.Equal("MissingAuthenticationTokenException", code);
        Assert.Equal(403, status);
    }

    [Fact]
    public async Task ListEndpoints_MaxResultsAboveModelRange_Boto3SeesValidationException()
    {
        var (code, status, message) = await ErrorAsync("""
            session.client("sagemaker", config=Config(parameter_validation=False)).list_endpoints(MaxResults=1000)
            """);

        Assert.Equal("ValidationException", code);
        Assert.Equal(400, status);
        Assert.Contains("MaxResults", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AuthorizationNotSigV4_AnswersIncompleteSignature()
    {
        using var http = new HttpClient();
        using var request = JsonRequest("SageMaker.ListEndpoints", "{}");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("IncompleteSignatureException", await ErrorTypeAsync(response));
    }

    [Fact]
    public async Task Post_UnknownTarget_AnswersUnknownOperationException()
    {
        using var http = new HttpClient();
        using var request = Signed(JsonRequest("SageMaker.CreateHyperParameterTuningJob", "{}"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("UnknownOperationException", await ErrorTypeAsync(response));
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
    }

    [Fact]
    public async Task Post_BodyNotJson_AnswersSerializationException()
    {
        using var http = new HttpClient();
        using var request = Signed(JsonRequest("SageMaker.ListEndpoints", "{not json"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("SerializationException", await ErrorTypeAsync(response));
    }

    [Fact]
    public async Task Post_EnumValueOutsideModel_AnswersValidationException()
    {
        using var http = new HttpClient();
        using var request = Signed(JsonRequest("SageMaker.ListEndpoints", """{"StatusEquals": "Sleeping"}"""));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ValidationException", await ErrorTypeAsync(response));
    }

    private async Task<(string Code, int Status, string Message)> ErrorAsync(string call)
    {
        var script = Prelude + "def call():\n" + string.Join("\n", call.Split('\n').Select(line => "    " + line)) + "\nprint(json.dumps(error(call)))\n";
        var answer = (await fixture.Tools.Boto3Async(script)).Json();
        Assert.Equal(JsonValueKind.Array, answer.ValueKind);
        return (answer[0].GetString()!, answer[1].GetInt32(), answer[2].GetString()!);
    }

    private HttpRequestMessage JsonRequest(string target, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, fixture.Server.BaseAddress)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return request;
    }

    // A header of SigV4's form: the server checks the form and scope, never the signature (it knows no secret keys).
    private static HttpRequestMessage Signed(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=local/20261205/us-east-1/sagemaker/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0000");
        return request;
    }

    private static async Task<string?> ErrorTypeAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("__type").GetString();
    }
}
