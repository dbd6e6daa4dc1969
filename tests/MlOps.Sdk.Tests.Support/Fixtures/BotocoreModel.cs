using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;

namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>An official AWS API model (botocore's <c>service-2.json</c>), vendored under Data/botocore.</summary>
public sealed class BotocoreModel
{
    private static readonly ConcurrentDictionary<string, BotocoreModel> Cache = new();

    private BotocoreModel(JsonElement root)
    {
        Root = root;
        Shapes = root.GetProperty("shapes");
        Operations = root.GetProperty("operations");
    }

    public static BotocoreModel SageMaker => Load("sagemaker/2017-07-24");

    public static BotocoreModel SageMakerRuntime => Load("sagemaker-runtime/2017-05-13");

    public static BotocoreModel Logs => Load("logs/2014-03-28");

    public static BotocoreModel ApplicationAutoScaling => Load("application-autoscaling/2016-02-06");

    public static BotocoreModel ResourceGroupsTagging => Load("resourcegroupstaggingapi/2017-01-26");

    public static BotocoreModel CloudWatch => Load("cloudwatch/2010-08-01");

    public JsonElement Root { get; }

    public JsonElement Shapes { get; }

    public JsonElement Operations { get; }

    public JsonElement Shape(string name) => Shapes.GetProperty(name);

    public string InputShapeOf(string operation) =>
        Operations.TryGetProperty(operation, out var op)
            ? op.GetProperty("input").GetProperty("shape").GetString()!
            : throw new InvalidOperationException($"The API model has no operation {operation}.");

    public string? OutputShapeOf(string operation) =>
        Operations.GetProperty(operation).TryGetProperty("output", out var output) ? output.GetProperty("shape").GetString() : null;

    private static BotocoreModel Load(string serviceVersion) => Cache.GetOrAdd(serviceVersion, key =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "botocore", key, "service-2.json.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = JsonDocument.Parse(gzip);
        return new BotocoreModel(document.RootElement.Clone());
    });
}
