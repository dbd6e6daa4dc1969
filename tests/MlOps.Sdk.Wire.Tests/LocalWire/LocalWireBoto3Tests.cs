using System.Text.Json;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Tests.Local;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>boto3 (botocore's own parsers and waiters) against the server, on a fresh home shared with the SDK's local client.</summary>
public sealed class LocalWireBoto3Tests(LocalWireFixture fixture) : IClassFixture<LocalWireFixture>
{
    private const string Bucket = LocalTestHome.Bucket;
    private static readonly string Role = JsonSerializer.Serialize(LocalTestHome.RoleArn);

    [Fact]
    public async Task CreateTrainingJob_Boto3WaitsForIt_CompletesAndShowsThroughSdkLocalClient()
    {
        var data = await fixture.Home.UploadTrainingDataAsync();

        var result = await fixture.Tools.Boto3Async($$"""
            sm = session.client("sagemaker")
            sm.create_training_job(
                TrainingJobName="wire-train-1", RoleArn={{Role}},
                AlgorithmSpecification={"TrainingImage": {{Q(fixture.TrainerImage)}}, "TrainingInputMode": "File",
                    "MetricDefinitions": [{"Name": "validation:accuracy", "Regex": "validation:accuracy=([0-9.]+)"}]},
                HyperParameters={"mode": "ok"},
                InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": {{Q(data.ToString())}} } } }],
                OutputDataConfig={"S3OutputPath": "s3://{{Bucket}}/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
                StoppingCondition={"MaxRuntimeInSeconds": 600})
            sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="wire-train-1", WaiterConfig={"Delay": 0.2, "MaxAttempts": 600})
            job = sm.describe_training_job(TrainingJobName="wire-train-1")
            print(json.dumps({"status": job["TrainingJobStatus"], "model": job["ModelArtifacts"]["S3ModelArtifacts"],
                              "metrics": {m["MetricName"]: m["Value"] for m in job["FinalMetricDataList"]} }))
            """);
        var sdk = await fixture.Home.Client.DescribeTrainingJobAsync(new DescribeTrainingJobRequest { TrainingJobName = "wire-train-1" });

        var answer = result.Json();
        Assert.Equal("Completed", answer.GetProperty("status").GetString());
        Assert.Equal($"s3://{Bucket}/output/wire-train-1/output/model.tar.gz", answer.GetProperty("model").GetString());
        Assert.Equal(0.93, answer.GetProperty("metrics").GetProperty("validation:accuracy").GetDouble(), 3);
        Assert.Equal(TrainingJobStatus.Completed, sdk.TrainingJobStatus);
        Assert.Equal(answer.GetProperty("model").GetString(), sdk.ModelArtifacts?.S3ModelArtifacts);
    }

    [Fact]
    public async Task UpdateEndpoint_Boto3BlueGreen_NextInvocationAnswersFromNewModel()
    {
        var first = await fixture.Home.UploadModelAsync("models/bg-1.tar.gz", 2);
        var second = await fixture.Home.UploadModelAsync("models/bg-2.tar.gz", 5);

        var result = await fixture.Tools.Boto3Async($$"""
            sm = session.client("sagemaker")
            rt = session.client("sagemaker-runtime")
            def deploy_config(name, data):
                sm.create_model(ModelName=name, ExecutionRoleArn={{Role}}, PrimaryContainer={"Image": {{Q(fixture.ServerImage)}}, "ModelDataUrl": data })
                sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[
                    {"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
            deploy_config("bg-1", {{Q(first.ToString())}})
            deploy_config("bg-2", {{Q(second.ToString())}})
            waiter = sm.get_waiter("endpoint_in_service")
            sm.create_endpoint(EndpointName="bg", EndpointConfigName="bg-1")
            waiter.wait(EndpointName="bg", WaiterConfig={"Delay": 0.2, "MaxAttempts": 600})
            before = json.loads(rt.invoke_endpoint(EndpointName="bg", Body=b"3", ContentType="text/csv")["Body"].read())
            sm.update_endpoint(EndpointName="bg", EndpointConfigName="bg-2", DeploymentConfig={"BlueGreenUpdatePolicy": {
                "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}, "TerminationWaitInSeconds": 0} })
            updating = sm.describe_endpoint(EndpointName="bg")["EndpointStatus"]
            waiter.wait(EndpointName="bg", WaiterConfig={"Delay": 0.2, "MaxAttempts": 600})
            after = json.loads(rt.invoke_endpoint(EndpointName="bg", Body=b"3", ContentType="text/csv")["Body"].read())
            served = sm.describe_endpoint(EndpointName="bg")["EndpointConfigName"]
            print(json.dumps({"before": before["prediction"], "updating": updating, "after": after["prediction"], "served": served}))
            """);

        var answer = result.Json();
        Assert.Equal(6.0, answer.GetProperty("before").GetDouble());
        Assert.Equal("Updating", answer.GetProperty("updating").GetString());
        Assert.Equal(15.0, answer.GetProperty("after").GetDouble());
        Assert.Equal("bg-2", answer.GetProperty("served").GetString());
    }

    [Fact]
    public async Task InvokeEndpoint_ThreeEndpointsAtOnce_EachAnswersWithItsOwnModel()
    {
        var models = new List<string>();
        for (var weight = 1; weight <= 3; weight++)
        {
            models.Add((await fixture.Home.UploadModelAsync($"models/many-{weight}.tar.gz", weight)).ToString());
        }

        var result = await fixture.Tools.Boto3Async($$"""
            sm = session.client("sagemaker")
            rt = session.client("sagemaker-runtime")
            models = {{JsonSerializer.Serialize(models)}}
            for i, data in enumerate(models, start=1):
                name = f"many-{i}"
                sm.create_model(ModelName=name, ExecutionRoleArn={{Role}}, PrimaryContainer={"Image": {{Q(fixture.ServerImage)}}, "ModelDataUrl": data })
                sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[
                    {"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
                sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
            for i in range(1, 4):
                sm.get_waiter("endpoint_in_service").wait(EndpointName=f"many-{i}", WaiterConfig={"Delay": 0.2, "MaxAttempts": 600})
            answers = [json.loads(rt.invoke_endpoint(EndpointName=f"many-{i}", Body=b"10", ContentType="text/csv")["Body"].read())["prediction"] for i in range(1, 4)]
            in_service = [e["EndpointName"] for e in sm.list_endpoints(NameContains="many-", StatusEquals="InService")["Endpoints"]]
            print(json.dumps({"answers": answers, "inService": sorted(in_service)}))
            """);

        var answer = result.Json();
        Assert.Equal([10.0, 20.0, 30.0], answer.GetProperty("answers").EnumerateArray().Select(a => a.GetDouble()));
        Assert.Equal(["many-1", "many-2", "many-3"], answer.GetProperty("inService").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ListModelPackageGroups_Boto3PaginatorWithPageSizeOne_SeesEveryGroupOnce()
    {
        foreach (var name in new[] { "pages-a", "pages-b", "pages-c" })
        {
            await fixture.Home.Client.CreateModelPackageGroupAsync(new CreateModelPackageGroupRequest { ModelPackageGroupName = name });
        }

        var result = await fixture.Tools.Boto3Async("""
            sm = session.client("sagemaker")
            pages = list(sm.get_paginator("list_model_package_groups").paginate(NameContains="pages-", PaginationConfig={"PageSize": 1}))
            print(json.dumps({"pages": len(pages), "names": [g["ModelPackageGroupName"] for p in pages for g in p["ModelPackageGroupSummaryList"]]}))
            """);

        var answer = result.Json();
        Assert.Equal(["pages-a", "pages-b", "pages-c"], answer.GetProperty("names").EnumerateArray().Select(n => n.GetString()).Order());
        Assert.Equal(3, answer.GetProperty("pages").GetInt32());
    }

    private static string Q(string value) => JsonSerializer.Serialize(value);
}
