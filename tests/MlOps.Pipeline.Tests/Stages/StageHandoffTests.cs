using MlOps.Sdk;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

public sealed class StageHandoffTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mlops-handoff-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PublishAsync_TwoStages_BothResultsInDotEnvAndState()
    {
        var dotenv = Path.Combine(_folder, "mlops.env");
        var state = Path.Combine(_folder, ".mlops", "state.json");
        await (await StageHandoff.OpenAsync(dotenv, state)).PublishAsync(new Dictionary<string, string> { ["MLOPS_TRAINING_JOB"] = "churn-mr7" });

        await (await StageHandoff.OpenAsync(dotenv, state)).PublishAsync(new Dictionary<string, string> { ["MLOPS_MODEL_PACKAGE_ARN"] = "arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/1" });

        Assert.Equal(
            ["MLOPS_MODEL_PACKAGE_ARN=arn:aws:sagemaker:us-east-1:000000000000:model-package/churn/1", "MLOPS_TRAINING_JOB=churn-mr7"],
            await File.ReadAllLinesAsync(dotenv));
        var reopened = await StageHandoff.OpenAsync(dotenv, state);
        Assert.Equal("churn-mr7", reopened.State["MLOPS_TRAINING_JOB"]);
    }

    [Fact]
    public async Task PublishAsync_ValueWithLineBreak_FailsNamingKey()
    {
        var handoff = await StageHandoff.OpenAsync(Path.Combine(_folder, "mlops.env"), Path.Combine(_folder, "state.json"));

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => handoff.PublishAsync(new Dictionary<string, string> { ["MLOPS_X"] = "a\nb" }));

        Assert.Equal("MLOPS_X", error.FieldName);
    }

    [Fact]
    public async Task OpenAsync_StateFileNotJson_FailsNamingStateFile()
    {
        var state = Path.Combine(_folder, "state.json");
        await File.WriteAllTextAsync(state, "not json");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => StageHandoff.OpenAsync(Path.Combine(_folder, "mlops.env"), state));

        Assert.Equal("state-file", error.FieldName);
    }
}
