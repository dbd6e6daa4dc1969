using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using MlOps.Sdk.Aws;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Aws;

public sealed class AwsSigningTests
{
    /*
     * The expected Authorization header was computed once with botocore 1.43.11, for the same request:
     *
     *   body = b'{"TrainingJobName":"churn-train-1"}'
     *   req = AWSRequest(method="POST", url="https://api.sagemaker.us-east-1.amazonaws.com/", data=body, headers={
     *       "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "SageMaker.DescribeTrainingJob",
     *       "Content-Length": str(len(body)), "X-Amz-Content-SHA256": hashlib.sha256(body).hexdigest()})
     *   with mock.patch("botocore.auth.get_current_datetime", return_value=datetime.datetime(2026, 11, 27, 12, 0, 0)):
     *       SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "sagemaker", "us-east-1").add_auth(req)
     *   print(req.headers["Authorization"])
     */
    private const string BotocoreAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/sagemaker/aws4_request, " +
        "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, " +
        "Signature=9095d1d815ac64be502fd54c85e2b152b127505d644099b109bb620ef47f7119";

    [Fact]
    public async Task DescribeTrainingJob_FixedTimeAndCredentials_SignsExactlyAsBotocore()
    {
        var recorder = new RecordingHandler(_ => ModelAnswers.Json(new { TrainingJobName = "churn-train-1" }));
        var signer = new AwsSigningHandler(new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            Region = RegionEndpoint.USEast1,
            Service = "sagemaker",
            SignedAt = new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc),
        })
        {
            InnerHandler = recorder,
        };
        var environment = new AwsEnvironment(new MlOpsOptions { Region = "us-east-1" }, new AwsOptions(), _ => null);
        var client = new AwsSageMakerClient(new SingleClientFactory(signer), environment);

        await client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "churn-train-1" });

        var sent = Assert.Single(recorder.Requests);
        Assert.Equal("{\"TrainingJobName\":\"churn-train-1\"}", sent.BodyText);
        Assert.Equal("20261127T120000Z", sent.Headers["X-Amz-Date"]);
        Assert.Equal(BotocoreAuthorization, sent.Headers["Authorization"]);
    }

    [Fact]
    public async Task RegisteredClient_Region_SignsForSageMakerInThatRegion()
    {
        using var host = new AwsTestHost(new Uri("https://api.sagemaker.us-east-1.amazonaws.com/"), new RecordingHandler(_ => ModelAnswers.Json(new { ModelName = "m" })));

        await host.SageMaker.DescribeModelAsync(new DescribeModelRequest { ModelName = "m" });

        var authorization = Assert.Single(host.Handler.Requests).Headers["Authorization"];
        Assert.Matches("^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/sagemaker/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$", authorization);
    }
}
