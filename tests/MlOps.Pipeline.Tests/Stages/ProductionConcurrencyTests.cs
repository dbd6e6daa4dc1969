using MlOps.Pipeline.Tests.Sample;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

/// <summary>
/// Two default-branch pipelines on one production endpoint, through the real deploy and test stages in local mode.
/// GitLab's resource group locks each job on its own, so pipeline B may deploy between pipeline A's deploy and A's test:
/// A must then neither test B's deployment nor roll it back, and an older deploy must not replace a newer one. A deploy
/// that did not wait for its endpoint is waited on by the test stage of its own pipeline.
/// </summary>
public sealed class ProductionConcurrencyTests(ProductionEndpointFixture project) : IClassFixture<ProductionEndpointFixture>
{
    [Fact]
    public async Task TestStage_NewerPipelineDeployedAfterThisDeploy_FailsSupersededAndTheNewerConfigServes()
    {
        var endpoint = ProductionEndpointFixture.Endpoints[0];
        var a = project.Pipeline(100);
        var b = project.Pipeline(101);
        await DeployAsync(a, endpoint);
        await DeployAsync(b, endpoint, "--instance-count", "2");

        var exitCode = await a.RunAsync(new PipelineStep(new EndpointTestStage(), project.Endpoint));

        Assert.True(exitCode == StageExitCode.Failed, a.Output);
        Assert.Contains($"Endpoint '{endpoint}' serves config '{Handed(b)}', not '{Handed(a)}' that this pipeline deployed: a newer pipeline has deployed it since.", a.Output, StringComparison.Ordinal);
        Assert.Equal(Handed(b), await ServedConfigAsync(endpoint));
    }

    [Fact]
    public async Task DeployStage_NewerPipelineDeployedLast_RefusesAndTheNewerConfigServes()
    {
        var endpoint = ProductionEndpointFixture.Endpoints[1];
        var newer = project.Pipeline(201);
        var older = project.Pipeline(200);
        await DeployAsync(newer, endpoint);

        var exitCode = await older.RunAsync(new PipelineStep(new DeployStage(), project.Endpoint, "--endpoint", endpoint, "--instance-count", "2"));

        Assert.True(exitCode == StageExitCode.Failed, older.Output);
        Assert.Contains($"Endpoint '{endpoint}' was last deployed by pipeline 201", older.Output, StringComparison.Ordinal);
        Assert.Equal(Handed(newer), await ServedConfigAsync(endpoint));
    }

    [Fact]
    public async Task TestStage_DeployHandedOnWithoutWaiting_WaitsForThatDeployAndTestsItsConfig()
    {
        // deploy --wait false ends as soon as SageMaker took the request; the model server is still starting (a .NET
        // process that answers /ping only once its model is loaded), so the test stage finds the endpoint Creating.
        var endpoint = ProductionEndpointFixture.Endpoints[2];
        var run = project.Pipeline(300);
        await DeployAsync(run, endpoint, "--wait", "false");

        var exitCode = await run.RunAsync(new PipelineStep(new EndpointTestStage(), project.Endpoint));

        Assert.True(exitCode == StageExitCode.Success, run.Output);
        Assert.Contains($"waiting for {endpoint} to be InService on {Handed(run)} (its deploy is still Creating)", run.Output, StringComparison.Ordinal);
        Assert.Equal(Handed(run), await ServedConfigAsync(endpoint));
    }

    private async Task DeployAsync(StageRun run, string endpoint, params string[] arguments)
    {
        var exitCode = await run.RunAsync(new PipelineStep(new DeployStage(), project.Endpoint, ["--endpoint", endpoint, .. arguments]));
        Assert.True(exitCode == StageExitCode.Success, run.Output);
    }

    // The endpoint configuration a run's deploy handed on to its test stage.
    private static string Handed(StageRun run) =>
        File.ReadAllLines(run.DotEnvFile).Last(l => l.StartsWith("MLOPS_ENDPOINT_CONFIG=", StringComparison.Ordinal))["MLOPS_ENDPOINT_CONFIG=".Length..];

    private async Task<string?> ServedConfigAsync(string endpoint)
    {
        await using var state = new LocalState(project.Home);
        return (await state.Endpoints.GetEndpointAsync(endpoint))?.EndpointConfigName;
    }
}
