using Microsoft.Extensions.DependencyInjection;
using MlOps.Sdk.SageMaker;

// Usage (MLOPS_HOME names the local home):
//   start-training <job> <image> <data-prefix> <mode> [--block]   start a training job; with --block, then sleep until killed
//   deploy <endpoint> <config>                                    create an endpoint and wait until it is InService (exit 3: refused)
//   update <endpoint> <config>                                    update an endpoint (blue/green) and exit once the request is accepted
//   scale <endpoint> <variant> <count>                            set a variant's DesiredInstanceCount and exit once the request is accepted
//   invoke <endpoint> <body>                                      print the endpoint's answer
//   list-groups                                                   print how many model package groups there are (in AWS mode: how a CI job signs in)
var services = new ServiceCollection().AddMlOps().BuildServiceProvider();
var client = services.GetRequiredService<ISageMakerClient>();
var runtime = services.GetRequiredService<ISageMakerRuntimeClient>();
switch (args[0])
{
    case "start-training":
        var response = await client.CreateTrainingJobAsync(new CreateTrainingJobRequest
        {
            TrainingJobName = args[1],
            RoleArn = "arn:aws:iam::000000000000:role/local-probe",
            AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = args[2], TrainingInputMode = TrainingInputMode.File },
            HyperParameters = new Dictionary<string, string> { ["mode"] = args[4], ["seconds"] = "3" },
            InputDataConfig = [new Channel { ChannelName = "train", DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = S3DataType.S3Prefix, S3Uri = args[3] } } }],
            OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://test-bucket/output" },
            StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 600 },
        });
        Console.WriteLine(response.TrainingJobArn);
        if (args.Contains("--block"))
        {
            Console.WriteLine("blocking");
            await Task.Delay(Timeout.Infinite);
        }

        return 0;
    case "deploy":
        try
        {
            await client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = args[1], EndpointConfigName = args[2] });
        }
        catch (MlOps.Sdk.MlOpsException ex)
        {
            Console.WriteLine($"{ex.ErrorCode}: {ex.Message}");
            return 3;
        }

        while (true)
        {
            var endpoint = await client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = args[1] });
            if (endpoint.EndpointStatus != EndpointStatus.Creating)
            {
                Console.WriteLine(endpoint.EndpointStatus);
                return endpoint.EndpointStatus == EndpointStatus.InService ? 0 : 1;
            }

            await Task.Delay(100);
        }

    case "update":
        await client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = args[1], EndpointConfigName = args[2] });
        Console.WriteLine("updating");
        return 0;
    case "scale":
        await client.UpdateEndpointWeightsAndCapacitiesAsync(new UpdateEndpointWeightsAndCapacitiesRequest
        {
            EndpointName = args[1],
            DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = args[2], DesiredInstanceCount = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) }],
        });
        Console.WriteLine("scaling");
        return 0;
    case "invoke":
        var answer = await runtime.InvokeEndpointAsync(new InvokeEndpointRequest { EndpointName = args[1], Body = System.Text.Encoding.UTF8.GetBytes(args[2]) });
        Console.WriteLine(System.Text.Encoding.UTF8.GetString(answer.Body.Span));
        return 0;
    case "list-groups":
        var groups = 0;
        await foreach (var _ in client.ListModelPackageGroupsAsync(new ListModelPackageGroupsRequest()))
        {
            groups++;
        }

        Console.WriteLine(groups);
        return 0;
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}
