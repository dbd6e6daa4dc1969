namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>Asserts that every request a test sent conforms to the official API model of its service.</summary>
public static class WireConformance
{
    public static void AssertAllConform(IEnumerable<RecordedRequest> requests)
    {
        var violations = new List<string>();
        var checkedCount = 0;
        foreach (var request in requests)
        {
            var target = request.Target;
            if (target is not null && target.StartsWith("SageMaker.", StringComparison.Ordinal))
            {
                violations.AddRange(ModelConformanceChecker.CheckJsonRequest(BotocoreModel.SageMaker, request));
            }
            else if (target is not null && target.StartsWith("Logs_20140328.", StringComparison.Ordinal))
            {
                violations.AddRange(ModelConformanceChecker.CheckJsonRequest(BotocoreModel.Logs, request));
            }
            else if (target is not null && target.StartsWith("AnyScaleFrontendService.", StringComparison.Ordinal))
            {
                violations.AddRange(ModelConformanceChecker.CheckJsonRequest(BotocoreModel.ApplicationAutoScaling, request));
            }
            else if (target is not null && target.StartsWith("ResourceGroupsTaggingAPI_20170126.", StringComparison.Ordinal))
            {
                violations.AddRange(ModelConformanceChecker.CheckJsonRequest(BotocoreModel.ResourceGroupsTagging, request));
            }
            else if (request.Uri.AbsolutePath.StartsWith("/endpoints/", StringComparison.Ordinal))
            {
                violations.AddRange(ModelConformanceChecker.CheckRuntimeRequest(request));
            }
            else
            {
                violations.Add($"{request.Method} {request.Uri}: not a request of a known API");
            }

            checkedCount++;
        }

        Assert.True(violations.Count == 0, $"{violations.Count} violation(s) of the botocore API model in {checkedCount} request(s):\n" + string.Join("\n", violations));
    }
}
