using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.Local;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using Xunit.Abstractions;

namespace MlOps.Sdk.Tests.Local;

/// <summary>
/// Faults under load: <c>kill -9</c> of a model server, or of the process that launches a fleet, in the middle of a
/// blue/green switch while callers invoke the endpoint through the runtime client; and the replacement of a dead or
/// unhealthy instance of an in-service endpoint (one of two, the only one, a server that stops answering /ping); changes
/// of a variant's instance count (UpdateEndpointWeightsAndCapacities, a scalable target's minimum) that start or stop
/// servers, and a rollback onto a fleet with a dead instance; an endpoint deleted, or its launch ended by another reader,
/// while the launch is held between its two variants' servers. Every wait is a bounded poll on an
/// observable fact (a log line, a pid file, the supervisor's exit_code, a launch stuck on a named pipe), never a sleep.
/// </summary>
public sealed class LocalEndpointFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);
    private readonly LocalTestHome home = new();
    private string image = string.Empty;
    private S3Uri blueModel = S3Uri.Create(LocalTestHome.Bucket);
    private S3Uri greenModel = S3Uri.Create(LocalTestHome.Bucket);

    public async Task InitializeAsync()
    {
        image = await home.RegisterServerAsync();
        blueModel = await home.UploadModelAsync("models/blue/model.tar.gz", 2);
        greenModel = await home.UploadModelAsync("models/green/model.tar.gz", 3);
    }

    public async Task DisposeAsync() => await home.DisposeAsync();

    [Fact]
    public async Task UpdateEndpoint_NewServerKilledBeforeHealthy_RollsBackToOldConfigWithoutFailedInvocations()
    {
        var blue = await StartBlueAsync("ft-new");
        await using var load = InvocationLoad.Start(home, "ft-new");
        await load.WaitForAnswersAsync("blue");

        var green = await UpdateToGatedGreenAsync("ft-new", blue);
        Kill(green);
        var endpoint = await home.WaitForEndpointAsync("ft-new");
        await WaitForFolderGoneAsync("ft-new", green);
        var counts = await load.StopAsync();
        output.WriteLine($"kill -9 of the new server: {counts}");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ft-new-blue", endpoint.EndpointConfigName);
        Assert.Contains("exited (code 137) before passing the ping health check", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Empty(counts.Failures);
        Assert.All(await InvokeManyAsync("ft-new"), a => Assert.Contains("\"blue\"", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateEndpoint_OldServerKilledWhileNewStarts_NewFleetTakesTheTrafficOnceHealthy()
    {
        var blue = await StartBlueAsync("ft-old");
        await using var load = InvocationLoad.Start(home, "ft-old");
        await load.WaitForAnswersAsync("blue");

        await UpdateToGatedGreenAsync("ft-old", blue);
        Kill(blue);
        await load.WaitForFailureAsync();
        var during = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-old" });
        await File.WriteAllTextAsync(GateFile("ft-old"), "open");
        var endpoint = await home.WaitForEndpointAsync("ft-old");
        await load.WaitForAnswersAsync("green");
        var counts = await load.StopAsync();
        output.WriteLine($"kill -9 of the old server while the new one starts: {counts}");

        Assert.Equal(EndpointStatus.Updating, during.EndpointStatus);
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ft-old-green", endpoint.EndpointConfigName);
        Assert.Null(endpoint.FailureReason);
        Assert.All(counts.Failures, f => Assert.Equal("ServiceUnavailable 503", $"{f.ErrorCode} {(int?)f.StatusCode}"));
        Assert.All(await InvokeManyAsync("ft-old"), a => Assert.Contains("\"green\"", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateEndpoint_OldServerKilledThenNewServerKilled_EndsFailedNamingBothNotInService()
    {
        var blue = await StartBlueAsync("ft-both");
        var green = await UpdateToGatedGreenAsync("ft-both", blue);

        Kill(blue);
        await WaitForExitCodeAsync(blue);
        Kill(green);
        var endpoint = await home.WaitForEndpointAsync("ft-both");
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.InvokeAsync("ft-both", "1"));

        Assert.Equal(EndpointStatus.Failed, endpoint.EndpointStatus);
        Assert.Contains("exited (code 137) before passing the ping health check", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Contains("The old configuration cannot take the traffic back: The model server of variant AllTraffic exited (code 137)", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("is Failed, not InService", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpoint_StartingProcessKilledMidLaunch_NextClientRollsBackAtOnceAndRemovesItsFolder()
    {
        var blue = await StartBlueAsync("ft-restart");
        await home.CreateModelAndConfigAsync("ft-restart-green", image, BlockingModel("ft-restart"));
        await using var load = InvocationLoad.Start(home, "ft-restart");
        await load.WaitForAnswersAsync("blue");

        using var probe = home.StartProbe("update", "ft-restart", "ft-restart-green");
        await WaitUntilLaunchBlockedAsync(probe, "ft-restart", blue);
        probe.Kill(entireProcessTree: true);
        await probe.WaitForExitAsync();
        using var next = new LocalSageMakerClient(home.Options);
        var endpoint = await next.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-restart" });
        var counts = await load.StopAsync();
        output.WriteLine($"kill -9 of the updating process mid-launch: {counts}");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ft-restart-blue", endpoint.EndpointConfigName);
        Assert.Equal("The process that updated this local endpoint ended before starting the new model servers.", endpoint.FailureReason);
        Assert.Equal(Path.GetDirectoryName(blue)!, Assert.Single(Directory.GetDirectories(Path.Combine(home.Home, "endpoints", "ft-restart"))));
        Assert.Empty(counts.Failures);
    }

    [Fact]
    public async Task CreateEndpoint_StartingProcessKilledMidLaunch_NextClientReportsFailedAtOnce()
    {
        await home.CreateModelAndConfigAsync("ft-create", image, BlockingModel("ft-create"));

        using var probe = home.StartProbe("deploy", "ft-create", "ft-create");
        await WaitUntilLaunchBlockedAsync(probe, "ft-create", blue: null);
        probe.Kill(entireProcessTree: true);
        await probe.WaitForExitAsync();
        using var next = new LocalSageMakerClient(home.Options);
        var endpoint = await next.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-create" });

        Assert.Equal(EndpointStatus.Failed, endpoint.EndpointStatus);
        Assert.Equal("The process that created this local endpoint ended before starting its model servers.", endpoint.FailureReason);
        Assert.Empty(Directory.GetDirectories(Path.Combine(home.Home, "endpoints", "ft-create")));
    }

    [Fact]
    public async Task UpdateEndpoint_StartingProcessExitsAfterTheRequest_NewClientSeesTheSwitchCompleteUnderLoad()
    {
        await StartBlueAsync("ft-handover");
        await home.CreateModelAndConfigAsync("ft-handover-green", image, greenModel, new() { ["VERSION"] = "green" });
        await using var load = InvocationLoad.Start(home, "ft-handover");
        await load.WaitForAnswersAsync("blue");

        var (_, said) = await home.RunProbeAsync("update", "ft-handover", "ft-handover-green");
        using var next = new LocalSageMakerClient(home.Options);
        var endpoint = await home.WaitForEndpointAsync("ft-handover", next);
        await load.WaitForAnswersAsync("green");
        var counts = await load.StopAsync();
        output.WriteLine($"updating process exited, another client finished the switch: {counts}");

        Assert.Equal("updating", said.Trim());
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ft-handover-green", endpoint.EndpointConfigName);
        Assert.Empty(counts.Failures);
    }

    [Fact]
    public async Task InvokeEndpoint_ServerResetsTheConnection_ThrowsServiceUnavailable503()
    {
        await StartBlueAsync("ft-reset");

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.InvokeAsync("ft-reset", "reset"));

        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("The model server of endpoint ft-reset is not reachable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpoint_OneOfTwoInstancesKilled_InServiceWithTwoLiveInstancesAgain()
    {
        await StartBlueAsync("ft-pair", instanceCount: 2);
        var killed = (await LiveInstancesAsync("ft-pair"))[0];

        Kill(killed);
        var after = await WaitForLiveInstancesAsync("ft-pair", 2, killed);
        var endpoint = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-pair" });

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Null(endpoint.FailureReason);
        Assert.Equal(2, Assert.Single(endpoint.ProductionVariants!).CurrentInstanceCount);
        Assert.DoesNotContain(killed, after);
    }

    [Fact]
    public async Task InvokeEndpoint_OneOfTwoInstancesKilledUnderLoad_NoInvocationFails()
    {
        await StartBlueAsync("ft-pair-load", instanceCount: 2);
        var before = await LiveInstancesAsync("ft-pair-load");
        await using var load = InvocationLoad.Start(home, "ft-pair-load");
        await load.WaitForAnswersAsync("blue");

        Kill(before[1]);
        await WaitForLiveInstancesAsync("ft-pair-load", 2, killed: before[1]);
        var counts = await load.StopAsync();
        output.WriteLine($"kill -9 of one of two instances under load: {counts}");

        Assert.Empty(counts.Failures);
    }

    [Fact]
    public async Task InvokeEndpoint_OnlyInstanceKilled_ReplacedAndAnsweringAgainInService()
    {
        var blue = await StartBlueAsync("ft-only");

        Kill(blue);
        await WaitForExitCodeAsync(blue);
        var answer = await WaitForAnswerAsync("ft-only");
        var endpoint = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-only" });

        Assert.Contains("\"blue\"", answer, StringComparison.Ordinal);
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Null(endpoint.FailureReason);
        Assert.Equal(1, Assert.Single(endpoint.ProductionVariants!).CurrentInstanceCount);
        Assert.DoesNotContain(blue, await LiveInstancesAsync("ft-only"));
    }

    [Fact]
    public async Task DescribeEndpoint_OnlyInstanceKilledThenReadByAnotherClient_ThatClientReplacesIt()
    {
        var blue = await StartBlueAsync("ft-later");

        Kill(blue);
        await WaitForExitCodeAsync(blue);
        using var next = new LocalSageMakerClient(home.Options);
        var live = await WaitForLiveInstancesAsync("ft-later", 1, killed: blue, next);

        Assert.Equal(EndpointStatus.InService, (await next.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-later" })).EndpointStatus);
        Assert.Equal(Path.GetDirectoryName(blue), Path.GetDirectoryName(Assert.Single(live)));
    }

    [Fact]
    public async Task InvokeEndpoint_OnlyInstanceKilledAndReplacementNotYetHealthy_ThrowsServiceUnavailable503()
    {
        var (first, gate) = await StartGatedAsync("ft-gap");

        File.Delete(gate);
        Kill(first);
        await WaitForExitCodeAsync(first);
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.InvokeAsync("ft-gap", "1"));
        var during = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-gap" });
        await File.WriteAllTextAsync(gate, "open");
        var answer = await WaitForAnswerAsync("ft-gap");

        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(EndpointStatus.InService, during.EndpointStatus);
        Assert.Equal(0, Assert.Single(during.ProductionVariants!).CurrentInstanceCount);
        Assert.Contains("\"green\"", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeEndpoint_InstanceStopsAnsweringPing_KilledAndReplaced()
    {
        var (first, gate) = await StartGatedAsync("ft-hung");

        File.Delete(gate);
        await PollAsync("the unhealthy server to be killed", async () =>
        {
            await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-hung" });
            return File.Exists(Path.Combine(first, "exit_code"));
        });
        await File.WriteAllTextAsync(gate, "open");
        var live = await WaitForLiveInstancesAsync("ft-hung", 1, killed: first);

        Assert.Equal("137", ReadOrEmpty(Path.Combine(first, "exit_code")));
        Assert.Equal(EndpointStatus.InService, (await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-hung" })).EndpointStatus);
        Assert.NotEqual(first, Assert.Single(live));
    }

    [Fact]
    public async Task ReadEndpointLog_OnlyInstanceKilledAndReplaced_ShowsTheReplacementAsANewStream()
    {
        var blue = await StartBlueAsync("ft-log");

        Kill(blue);
        await WaitForExitCodeAsync(blue);
        await WaitForAnswerAsync("ft-log");
        var streams = LocalEndpointLog.Read(home.Home, "ft-log")!;
        var deployment = Path.GetFileName(Path.GetDirectoryName(blue))!;

        Assert.Equal(2, streams.Count);
        Assert.Contains(streams, s => s.Name == $"AllTraffic/{deployment}");
        var replacement = Assert.Single(streams, s => s.Name != $"AllTraffic/{deployment}");
        Assert.StartsWith($"AllTraffic/{deployment}-", replacement.Name, StringComparison.Ordinal);
        Assert.Contains(replacement.Lines, l => l.Contains("serving model", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteEndpoint_AfterAnInstanceWasReplaced_StopsTheReplacementAndNothingIsRestarted()
    {
        var blue = await StartBlueAsync("ft-gone");
        Kill(blue);
        await WaitForExitCodeAsync(blue);
        var replacement = Assert.Single(await WaitForLiveInstancesAsync("ft-gone", 1, killed: blue));
        var pid = int.Parse(ReadOrEmpty(Path.Combine(replacement, "server.pid")), CultureInfo.InvariantCulture);

        await home.Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "ft-gone" });
        using var next = new LocalSageMakerClient(home.Options);
        await Assert.ThrowsAsync<MlOpsException>(() => next.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-gone" }));
        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.InvokeAsync("ft-gone", "1"));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.False(LocalProcesses.IsAlive(pid), "the replacement still runs after DeleteEndpoint");
        Assert.False(Directory.Exists(Path.GetDirectoryName(blue)), "the deleted endpoint's fleet folder came back");
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_OneToThree_ThreeLiveServersAnswerAndCurrentInstanceCountThree()
    {
        var blue = await StartBlueAsync("ft-out");

        await ScaleAsync("ft-out", 3);
        var during = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-out" });
        var endpoint = await home.WaitForEndpointAsync("ft-out");
        var live = await LiveInstancesAsync("ft-out");

        Assert.Equal(EndpointStatus.Updating, during.EndpointStatus);
        Assert.Equal(3, Assert.Single(during.ProductionVariants!).DesiredInstanceCount);
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal((3, 3), (Assert.Single(endpoint.ProductionVariants!).CurrentInstanceCount, endpoint.ProductionVariants![0].DesiredInstanceCount));
        Assert.Equal(3, live.Count);
        Assert.Contains(blue, live);
        using var client = new HttpClient();
        foreach (var instance in live)
        {
            var port = int.Parse(ReadEnvironment(instance)["SAGEMAKER_BIND_TO_PORT"], CultureInfo.InvariantCulture);
            using var ping = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/ping"));
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_ThreeToOneUnderLoad_StopsTwoWithoutFailedInvocations()
    {
        await StartBlueAsync("ft-in", instanceCount: 3);
        var before = await LiveInstancesAsync("ft-in");
        await using var load = InvocationLoad.Start(home, "ft-in");
        await load.WaitForAnswersAsync("blue");

        await ScaleAsync("ft-in", 1);
        var endpoint = await home.WaitForEndpointAsync("ft-in");
        var counts = await load.StopAsync();
        output.WriteLine($"scale-in 3 -> 1 under load: {counts}");
        var live = await LiveInstancesAsync("ft-in");

        Assert.Empty(counts.Failures);
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal(1, Assert.Single(endpoint.ProductionVariants!).CurrentInstanceCount);
        Assert.Equal([before[0]], live);
        Assert.All(before.Skip(1), i => Assert.True(File.Exists(Path.Combine(i, "exit_code")) || !Directory.Exists(i), $"{i} still runs"));
    }

    [Fact]
    public async Task RegisterScalableTarget_MinimumAboveTheCount_StartsServersUpToTheMinimum()
    {
        await StartBlueAsync("ft-min");
        using var scaling = new LocalApplicationAutoScalingClient(home.Options);

        await scaling.RegisterScalableTargetAsync(new MlOps.Sdk.Scaling.RegisterScalableTargetRequest
        {
            ServiceNamespace = "sagemaker",
            ResourceId = "endpoint/ft-min/variant/AllTraffic",
            ScalableDimension = "sagemaker:variant:DesiredInstanceCount",
            MinCapacity = 2,
            MaxCapacity = 4,
        });
        var endpoint = await home.WaitForEndpointAsync("ft-min");

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal(2, Assert.Single(endpoint.ProductionVariants!).CurrentInstanceCount);
        Assert.Equal(2, (await LiveInstancesAsync("ft-min")).Count);
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_ScalingProcessKilledAfterStartingAServer_NextClientStopsThatServerAndRemovesItsFolder()
    {
        var blue = await StartBlueAsync("ft-scale-kill");
        var orphan = await AbandonScaleOutAsync("ft-scale-kill", blue);
        var pid = int.Parse(ReadOrEmpty(Path.Combine(orphan, "server.pid")), CultureInfo.InvariantCulture);

        using var next = new LocalSageMakerClient(home.Options);
        await PollAsync("the abandoned scale-out's server folder to be removed", async () =>
        {
            await next.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-scale-kill" });
            return !Directory.Exists(orphan);
        });

        Assert.False(LocalProcesses.IsAlive(pid), "the abandoned scale-out's server still runs");
        Assert.Equal([blue], Directory.GetDirectories(Path.GetDirectoryName(blue)!));
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_ScalingProcessKilledAfterStartingAServer_NextClientSeesInServiceAtTheOldCountWithTheReason()
    {
        var blue = await StartBlueAsync("ft-scale-state");
        await AbandonScaleOutAsync("ft-scale-state", blue);

        using var next = new LocalSageMakerClient(home.Options);
        var endpoint = await next.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-scale-state" });

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("The process that scaled this local endpoint ended before starting the new model servers.", endpoint.FailureReason);
        var variant = Assert.Single(endpoint.ProductionVariants!);
        Assert.Equal((1, 1), (variant.CurrentInstanceCount, variant.DesiredInstanceCount));
        Assert.Equal([blue], await LiveInstancesAsync("ft-scale-state", next));
    }

    [Fact]
    public async Task DeleteEndpoint_ScalingProcessKilledAfterStartingAServerAndNoReaderSinceThen_StopsThatServerToo()
    {
        var blue = await StartBlueAsync("ft-scale-delete");
        var orphan = await AbandonScaleOutAsync("ft-scale-delete", blue);
        var pid = int.Parse(ReadOrEmpty(Path.Combine(orphan, "server.pid")), CultureInfo.InvariantCulture);

        await home.Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "ft-scale-delete" });

        Assert.False(LocalProcesses.IsAlive(pid), "the abandoned scale-out's server still runs after DeleteEndpoint");
    }

    [Fact]
    public async Task CreateEndpoint_DeletedBetweenItsTwoServers_StopsBothAndLeavesNoFolder()
    {
        await CreateTwoVariantConfigAsync("ft-held-delete", blueModel);
        var hold = new LaunchHold();
        using var launcher = new LocalSageMakerClient(home.Options, logger: hold);
        var create = Task.Run(() => launcher.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ft-held-delete", EndpointConfigName = "ft-held-delete" }));
        var deployment = await hold.WaitUntilFirstServerRunsAsync(create);

        await home.Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "ft-held-delete" });
        hold.Release();
        await create;
        var missing = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-held-delete" }));

        Assert.Empty(ServersRunningFrom(deployment));
        Assert.False(Directory.Exists(deployment), "the deleted endpoint's launch left its deployment folder");
        Assert.Equal(MlOpsErrorCodes.ValidationException, missing.ErrorCode);
    }

    [Fact]
    public async Task UpdateEndpoint_DeletedBetweenTheNewFleetsTwoServers_StopsEveryServerAndLeavesNoFolder()
    {
        var blue = await StartBlueAsync("ft-held-update-delete");
        await CreateTwoVariantConfigAsync("ft-held-update-delete-green", greenModel);
        var hold = new LaunchHold();
        using var launcher = new LocalSageMakerClient(home.Options, logger: hold);
        var update = Task.Run(() => launcher.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ft-held-update-delete", EndpointConfigName = "ft-held-update-delete-green" }));
        var green = await hold.WaitUntilFirstServerRunsAsync(update);

        await home.Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "ft-held-update-delete" });
        hold.Release();
        await update;
        var missing = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-held-update-delete" }));

        Assert.Empty(ServersRunningFrom(green));
        Assert.Empty(ServersRunningFrom(Path.GetDirectoryName(blue)!));
        Assert.Empty(Directory.GetDirectories(Path.Combine(home.Home, "endpoints", "ft-held-update-delete")));
        Assert.Equal(MlOpsErrorCodes.ValidationException, missing.ErrorCode);
    }

    [Fact]
    public async Task UpdateEndpoint_EndedByAnotherReaderBetweenTheNewFleetsTwoServers_StopsThemAndLeavesOnlyTheOldFleet()
    {
        var blue = await StartBlueAsync("ft-held-update-ended");
        await CreateTwoVariantConfigAsync("ft-held-update-ended-green", greenModel);
        var hold = new LaunchHold();
        using var launcher = new LocalSageMakerClient(home.Options, logger: hold);
        var update = Task.Run(() => launcher.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ft-held-update-ended", EndpointConfigName = "ft-held-update-ended-green" }));
        var green = await hold.WaitUntilFirstServerRunsAsync(update);

        using var impatient = ClientTakingEveryLaunchForAbandoned();
        var rolledBack = await impatient.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-held-update-ended" });
        hold.Release();
        await update;
        // Read before any other reader: one that finds the orphan it adopted has exited removes its folder as well.
        var leftBehind = Directory.GetDirectories(Path.Combine(home.Home, "endpoints", "ft-held-update-ended"));
        var record = await home.Client.Endpoints.GetReconciledAsync("ft-held-update-ended", CancellationToken.None);

        Assert.Equal((EndpointStatus.InService, "ft-held-update-ended-blue"), (rolledBack.EndpointStatus, rolledBack.EndpointConfigName));
        Assert.Empty(ServersRunningFrom(green));
        Assert.Equal(Path.GetDirectoryName(blue)!, Assert.Single(leftBehind));
        Assert.Equal((EndpointStatus.InService, 0), (record.Description.EndpointStatus, record.Retiring.Count));
        Assert.All(await InvokeManyAsync("ft-held-update-ended"), a => Assert.Contains("\"blue\"", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateEndpoint_DeletedWhileItsSecondVariantDownloadsThenTheDownloadFails_StopsTheFirstServerAndLeavesNoFolder()
    {
        var pipe = BlockingModel("ft-held-fail");
        await CreateTwoVariantConfigAsync("ft-held-fail", pipe);
        var create = Task.Run(() => home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ft-held-fail", EndpointConfigName = "ft-held-fail" }));
        var deployment = await WaitUntilSecondVariantDownloadsAsync(create, "ft-held-fail");
        var first = int.Parse(ReadOrEmpty(Path.Combine(deployment, "First", "server.pid")), CultureInfo.InvariantCulture);

        await home.Client.DeleteEndpointAsync(new DeleteEndpointRequest { EndpointName = "ft-held-fail" });
        // A pipe has no length, so the download fails as soon as its open returns: the launch ends in its failure branch.
        await Task.Run(() => new FileStream(home.Store.GetLocalPath(pipe), FileMode.Open, FileAccess.Write).Dispose());
        await create;
        var missing = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-held-fail" }));

        Assert.False(LocalProcesses.IsAlive(first), "the first server still runs");
        Assert.Empty(ServersRunningFrom(deployment));
        Assert.False(Directory.Exists(deployment), "the failed launch left its deployment folder");
        Assert.Equal(MlOpsErrorCodes.ValidationException, missing.ErrorCode);
    }

    [Fact]
    public async Task UpdateEndpoint_OldFleetHoldsAReplacementNoRecordNames_StopsItWhenTheOldFleetGoes()
    {
        var blue = await StartBlueAsync("ft-stray");
        var serving = (await home.Client.Endpoints.GetReconciledAsync("ft-stray", CancellationToken.None)).Current!.Instances.Single();
        // What a reader killed between starting a replacement and recording it leaves: a server in the fleet's folder
        // that no record names.
        var stray = await home.Client.Endpoints.Fleet.StartInstanceAsync(serving, DateTimeOffset.UtcNow, CancellationToken.None);
        await PollAsync("the unrecorded replacement to run", () => Task.FromResult(File.Exists(Path.Combine(stray!.Directory, "server.pid"))));
        var deployment = Path.GetDirectoryName(blue)!;
        Assert.NotEmpty(ServersRunningFrom(deployment));

        await home.CreateModelAndConfigAsync("ft-stray-green", image, greenModel, new() { ["VERSION"] = "green" });
        await home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ft-stray", EndpointConfigName = "ft-stray-green" });
        var endpoint = await home.WaitForEndpointAsync("ft-stray");

        Assert.Equal((EndpointStatus.InService, "ft-stray-green"), (endpoint.EndpointStatus, endpoint.EndpointConfigName));
        await PollAsync("the old fleet's servers to be gone", async () =>
        {
            await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-stray" });
            return ServersRunningFrom(deployment).Count == 0 && !Directory.Exists(deployment);
        });
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_CountAboveTheLimit_RefusedWithResourceLimitExceeded()
    {
        await StartBlueAsync("ft-limit");

        var error = await Assert.ThrowsAsync<MlOpsException>(() => ScaleAsync("ft-limit", home.Options.Value.MaxEndpointInstanceCount + 1));
        var endpoint = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-limit" });

        Assert.Equal(MlOpsErrorCodes.ResourceLimitExceeded, error.ErrorCode);
        Assert.Contains("MaxEndpointInstanceCount", error.Message, StringComparison.Ordinal);
        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
    }

    [Fact]
    public async Task CreateEndpoint_InitialInstanceCountAboveTheLimit_RefusedWithResourceLimitExceededAndNothingRecorded()
    {
        await home.CreateModelAndConfigAsync("ft-create-limit", image, blueModel, instanceCount: home.Options.Value.MaxEndpointInstanceCount + 1);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = "ft-create-limit", EndpointConfigName = "ft-create-limit" }));
        var missing = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-create-limit" }));

        Assert.Equal((MlOpsErrorCodes.ResourceLimitExceeded, MlOpsErrorCodes.ValidationException), (error.ErrorCode, missing.ErrorCode));
        Assert.Contains("MaxEndpointInstanceCount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpoint_ConfigAboveTheInstanceLimit_RefusedWithResourceLimitExceededAndBlueStillServes()
    {
        await StartBlueAsync("ft-update-limit");
        await home.CreateModelAndConfigAsync("ft-update-limit-green", image, blueModel, instanceCount: home.Options.Value.MaxEndpointInstanceCount + 1);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ft-update-limit", EndpointConfigName = "ft-update-limit-green" }));
        var endpoint = await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = "ft-update-limit" });

        Assert.Equal(MlOpsErrorCodes.ResourceLimitExceeded, error.ErrorCode);
        Assert.Equal((EndpointStatus.InService, "ft-update-limit-blue"), (endpoint.EndpointStatus, endpoint.EndpointConfigName));
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_ZeroInstances_RefusedWithValidationException()
    {
        await StartBlueAsync("ft-zero");

        var error = await Assert.ThrowsAsync<MlOpsException>(() => ScaleAsync("ft-zero", 0));

        Assert.Equal(MlOpsErrorCodes.ValidationException, error.ErrorCode);
        Assert.Contains("DesiredInstanceCount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpointWeightsAndCapacities_EndpointUpdating_RefusedWithValidationException()
    {
        var blue = await StartBlueAsync("ft-busy");
        await UpdateToGatedGreenAsync("ft-busy", blue);

        var error = await Assert.ThrowsAsync<MlOpsException>(() => ScaleAsync("ft-busy", 2));

        Assert.Equal(MlOpsErrorCodes.ValidationException, error.ErrorCode);
        Assert.Contains("while it is Updating", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateEndpoint_RollbackOntoFleetWithOneOfTwoDead_InServiceOnOldConfigWithTwoLive()
    {
        await StartBlueAsync("ft-half", instanceCount: 2);
        var old = await LiveInstancesAsync("ft-half");
        await home.CreateModelAndConfigAsync("ft-half-green", image, greenModel, Gated("ft-half"));
        await home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = "ft-half", EndpointConfigName = "ft-half-green" });
        var green = await WaitForServingExceptAsync("ft-half", old);

        Kill(old[1]);
        await WaitForExitCodeAsync(old[1]);
        Kill(green);
        var endpoint = await home.WaitForEndpointAsync("ft-half");
        var live = await WaitForLiveInstancesAsync("ft-half", 2, killed: old[1]);

        Assert.Equal(EndpointStatus.InService, endpoint.EndpointStatus);
        Assert.Equal("ft-half-blue", endpoint.EndpointConfigName);
        Assert.Contains("exited (code 137) before passing the ping health check", endpoint.FailureReason, StringComparison.Ordinal);
        Assert.Contains(old[0], live);
        Assert.All(await InvokeManyAsync("ft-half"), a => Assert.Contains("\"blue\"", a, StringComparison.Ordinal));
    }

    private Task ScaleAsync(string endpoint, int count) =>
        home.Client.UpdateEndpointWeightsAndCapacitiesAsync(new UpdateEndpointWeightsAndCapacitiesRequest
        {
            EndpointName = endpoint,
            DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = "AllTraffic", DesiredInstanceCount = count }],
        });

    /// <summary>
    /// Starts a scale-out from 1 to 3 instances in another process and kills that process once the first new server
    /// runs, before it can record any. The blue server's start file, which every new server is built from, is made a
    /// named pipe that the test writes once: the second start blocks reading it, so the process is stuck mid-launch.
    /// Returns the folder of the server it started.
    /// </summary>
    private async Task<string> AbandonScaleOutAsync(string endpoint, string blue)
    {
        var startFile = Path.Combine(blue, "server.start.json");
        var start = await File.ReadAllBytesAsync(startFile);
        File.Delete(startFile);
        using (var mkfifo = Process.Start("mkfifo", startFile))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        string? started = null;
        using var probe = home.StartProbe("scale", endpoint, "AllTraffic", "3");
        // Opening a pipe for writing blocks until its reader opens it, so the one write runs beside the poll.
        var feed = Task.Run(() =>
        {
            using var pipe = new FileStream(startFile, FileMode.Open, FileAccess.Write);
            pipe.Write(start);
        });
        try
        {
            await PollAsync($"the scale-out of {endpoint} to start a server", () =>
            {
                Assert.False(probe.HasExited, "the probe exited before it started a server");
                started = Directory.GetDirectories(Path.GetDirectoryName(blue)!).FirstOrDefault(d => d != blue && File.Exists(Path.Combine(d, "server.pid")));
                return Task.FromResult(started is not null);
            });
            await feed;
        }
        finally
        {
            if (!feed.IsCompleted)
            {
                // Releases the blocked writer when the probe never read the pipe.
                await using var release = new FileStream(startFile, FileMode.Open, FileAccess.Read);
            }

            probe.Kill(entireProcessTree: true);
            await probe.WaitForExitAsync();
            File.Delete(startFile);
            await File.WriteAllBytesAsync(startFile, start);
        }

        return started!;
    }

    /// <summary>The environment an instance's server was started with (its supervisor's record of the start).</summary>
    private static Dictionary<string, string> ReadEnvironment(string instance)
    {
        var pid = File.ReadAllText(Path.Combine(instance, "server.pid")).Trim();
        return File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
    }

    /// <summary>Deploys the blue fleet on <paramref name="instanceCount"/> instances and returns one server's instance folder.</summary>
    private async Task<string> StartBlueAsync(string endpoint, int instanceCount = 1)
    {
        await home.CreateModelAndConfigAsync(endpoint + "-blue", image, blueModel, new() { ["VERSION"] = "blue" }, instanceCount);
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = endpoint, EndpointConfigName = endpoint + "-blue" });
        Assert.Equal(EndpointStatus.InService, (await home.WaitForEndpointAsync(endpoint)).EndpointStatus);
        return await WaitForServingAsync(endpoint, except: null);
    }

    /// <summary>Deploys a gated green fleet with its gate open (it answers /ping until the file is removed); returns its server's folder and the gate file.</summary>
    private async Task<(string Instance, string Gate)> StartGatedAsync(string endpoint)
    {
        var gate = GateFile(endpoint);
        await File.WriteAllTextAsync(gate, "open");
        await home.CreateModelAndConfigAsync(endpoint, image, greenModel, Gated(endpoint));
        await home.Client.CreateEndpointAsync(new CreateEndpointRequest { EndpointName = endpoint, EndpointConfigName = endpoint });
        Assert.Equal(EndpointStatus.InService, (await home.WaitForEndpointAsync(endpoint)).EndpointStatus);
        return (await WaitForServingAsync(endpoint, except: null), gate);
    }

    /// <summary>Updates the endpoint to a green fleet that runs but fails /ping until its gate opens; returns the green server's folder once it runs.</summary>
    private async Task<string> UpdateToGatedGreenAsync(string endpoint, string blue)
    {
        await home.CreateModelAndConfigAsync(endpoint + "-green", image, greenModel, Gated(endpoint));
        await home.Client.UpdateEndpointAsync(new UpdateEndpointRequest { EndpointName = endpoint, EndpointConfigName = endpoint + "-green" });
        return await WaitForServingAsync(endpoint, except: blue);
    }

    private string GateFile(string endpoint) => Path.Combine(home.Home, endpoint + ".gate");

    /// <summary>A green server that runs but fails /ping until the test opens its gate: an update held mid-switch.</summary>
    private Dictionary<string, string> Gated(string endpoint) => new() { ["VERSION"] = "green", ["SERVER_MODE"] = "gate", ["GATE_FILE"] = GateFile(endpoint) };

    /// <summary>A model whose archive is a named pipe: whoever launches a fleet from it blocks reading it, mid-launch.</summary>
    private S3Uri BlockingModel(string endpoint)
    {
        var uri = S3Uri.Create(LocalTestHome.Bucket, $"models/{endpoint}-fifo/model.tar.gz");
        var path = home.Store.GetLocalPath(uri);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return uri;
    }

    /// <summary>A config of two variants, <c>First</c> serving the blue model and <c>Second</c> <paramref name="secondModel"/>, both answering "blue".</summary>
    private async Task CreateTwoVariantConfigAsync(string name, S3Uri secondModel)
    {
        foreach (var (model, data) in new[] { (name + "-first", blueModel), (name + "-second", secondModel) })
        {
            await home.Client.CreateModelAsync(new CreateModelRequest
            {
                ModelName = model,
                ExecutionRoleArn = LocalTestHome.RoleArn,
                PrimaryContainer = new ContainerDefinition { Image = image, ModelDataUrl = data.ToString(), Environment = new Dictionary<string, string> { ["VERSION"] = "blue" } },
            });
        }

        await home.Client.CreateEndpointConfigAsync(new CreateEndpointConfigRequest
        {
            EndpointConfigName = name,
            ProductionVariants =
            [
                new ProductionVariant { VariantName = "First", ModelName = name + "-first", InitialInstanceCount = 1, InstanceType = "ml.m5.large" },
                new ProductionVariant { VariantName = "Second", ModelName = name + "-second", InitialInstanceCount = 1, InstanceType = "ml.m5.large" },
            ],
        });
    }

    /// <summary>
    /// Waits until the launch of a <see cref="CreateTwoVariantConfigAsync"/> config whose Second variant serves a
    /// <see cref="BlockingModel"/> has started First's server (its pid is recorded, so a delete takes it for started) and
    /// has created the temporary file of Second's download: its next step opens the model pipe, where it blocks.
    /// Returns the launch's deployment folder.
    /// </summary>
    private async Task<string> WaitUntilSecondVariantDownloadsAsync(Task launch, string endpoint)
    {
        var endpointFolder = Path.Combine(home.Home, "endpoints", endpoint);
        string? deployment = null;
        await PollAsync($"{endpoint}'s launch to start First and reach Second's model pipe", () =>
        {
            Assert.False(launch.IsCompleted, $"the launch ended before it reached the model pipe: {launch.Exception}");
            deployment = !Directory.Exists(endpointFolder) ? null : Directory.GetDirectories(endpointFolder)
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "First", "server.pid")) && Directory.Exists(Path.Combine(d, "Second")) && Directory.EnumerateFiles(Path.Combine(d, "Second")).Any());
            return Task.FromResult(deployment is not null);
        });
        return deployment!;
    }

    /// <summary>A client over the same home for which every launch in progress is abandoned: it ends them as a reader would after LaunchTimeout.</summary>
    private LocalSageMakerClient ClientTakingEveryLaunchForAbandoned() =>
        new(Microsoft.Extensions.Options.Options.Create(new LocalOptions { Home = home.Home, StopGracePeriod = home.Options.Value.StopGracePeriod, LaunchTimeout = TimeSpan.Zero }));

    /// <summary>
    /// The pids of the model servers still running from a deployment folder, found by the model folder each was given
    /// (SM_MODEL_DIR), so a server counts even once its folder and pid file are gone. Their supervisors (bash, which
    /// records the exit code a moment after the server ends, and its mv) are not servers and are left out.
    /// </summary>
    private static List<int> ServersRunningFrom(string deployment)
    {
        var modelFolder = $"SM_MODEL_DIR={deployment}/";
        var servers = new List<int>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(process), CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            var command = ReadOrEmpty(Path.Combine(process, "cmdline"));
            if (command.EndsWith("\0serve\0", StringComparison.Ordinal) && !command.Contains(SupervisedProcess.ScriptFileName, StringComparison.Ordinal)
                && ReadOrEmpty(Path.Combine(process, "environ")).Split('\0').Any(v => v.StartsWith(modelFolder, StringComparison.Ordinal)))
            {
                servers.Add(pid);
            }
        }

        return servers;
    }

    /// <summary>
    /// Waits until the process has created the download's temporary file in a new deployment folder of the endpoint: its
    /// next step opens the model pipe, which blocks until someone writes to it, so from here on it is stuck mid-launch.
    /// </summary>
    private Task WaitUntilLaunchBlockedAsync(Process process, string endpoint, string? blue)
    {
        var keep = blue is null ? null : Path.GetDirectoryName(blue) + "/";
        return PollAsync($"{endpoint}'s launch to reach the model pipe", () =>
        {
            Assert.False(process.HasExited, "the probe exited before it reached the model pipe");
            var folder = Path.Combine(home.Home, "endpoints", endpoint);
            return Task.FromResult(Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any(f => keep is null || !f.StartsWith(keep, StringComparison.Ordinal)));
        });
    }

    /// <summary>Waits for an instance folder of the endpoint, other than <paramref name="except"/>, whose server printed its start-up line.</summary>
    private Task<string> WaitForServingAsync(string endpoint, string? except) => WaitForServingExceptAsync(endpoint, except is null ? [] : [except]);

    /// <summary>Waits for an instance folder of the endpoint, none of <paramref name="except"/>, whose server printed its start-up line.</summary>
    private async Task<string> WaitForServingExceptAsync(string endpoint, IReadOnlyCollection<string> except)
    {
        string? found = null;
        await PollAsync($"a model server of {endpoint} to start", () =>
        {
            found = Directory.EnumerateFiles(Path.Combine(home.Home, "endpoints", endpoint), "server.log", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName)
                .FirstOrDefault(d => !except.Contains(d!) && File.Exists(Path.Combine(d!, "server.pid")) && ReadOrEmpty(Path.Combine(d!, "server.log")).Contains("serving model", StringComparison.Ordinal));
            return Task.FromResult(found is not null);
        });
        return found!;
    }

    /// <summary>The instance folders of the serving fleet whose server runs and takes traffic, as a reader reconciles them.</summary>
    private async Task<List<string>> LiveInstancesAsync(string endpoint, LocalSageMakerClient? client = null)
    {
        var record = await (client ?? home.Client).Endpoints.GetReconciledAsync(endpoint, CancellationToken.None);
        var fleet = (client ?? home.Client).Endpoints.Fleet;
        return [.. (record.Current?.Instances ?? []).Where(i => i.ReplacingSince is null && !fleet.Server(i).HasExited).Select(i => i.Directory)];
    }

    /// <summary>Reads the endpoint until <paramref name="count"/> instances serve, none of them <paramref name="killed"/>.</summary>
    private async Task<List<string>> WaitForLiveInstancesAsync(string endpoint, int count, string killed, LocalSageMakerClient? client = null)
    {
        List<string> live = [];
        await PollAsync($"{count} live instance(s) of {endpoint} without the killed one", async () =>
        {
            live = await LiveInstancesAsync(endpoint, client);
            return live.Count == count && !live.Contains(killed);
        });
        return live;
    }

    /// <summary>Invokes until an invocation succeeds; only ServiceUnavailable (no healthy instance yet) is waited out.</summary>
    private async Task<string> WaitForAnswerAsync(string endpoint)
    {
        var answer = string.Empty;
        await PollAsync($"an answer from {endpoint}", async () =>
        {
            try
            {
                answer = await home.InvokeAsync(endpoint, "1");
                return true;
            }
            catch (MlOpsException ex) when (ex.ErrorCode == "ServiceUnavailable")
            {
                return false;
            }
        });
        return answer;
    }

    private static void Kill(string instance)
    {
        var pid = int.Parse(File.ReadAllText(Path.Combine(instance, "server.pid")), CultureInfo.InvariantCulture);
        using var process = Process.GetProcessById(pid);
        process.Kill(); // SIGKILL on Linux
    }

    // The supervisor records the exit code a moment after the server dies; until then the server counts as running.
    private static Task WaitForExitCodeAsync(string instance) =>
        PollAsync("the supervisor to record the killed server's exit code", () => Task.FromResult(File.Exists(Path.Combine(instance, "exit_code"))));

    private Task WaitForFolderGoneAsync(string endpoint, string instance) =>
        PollAsync("the failed fleet's folder to be removed", async () =>
        {
            await home.Client.DescribeEndpointAsync(new DescribeEndpointRequest { EndpointName = endpoint });
            return !Directory.Exists(Path.GetDirectoryName(instance));
        });

    /// <summary>After the endpoint has settled, every one of a run of invocations succeeds.</summary>
    private async Task<List<string>> InvokeManyAsync(string endpoint)
    {
        var answers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await home.InvokeAsync(endpoint, "1"));
        }

        return answers;
    }

    private static async Task PollAsync(string what, Func<Task<bool>> done)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > WaitLimit)
            {
                Assert.Fail($"Waited {WaitLimit} for {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// The logger of a launching client that holds its launch between two servers: the fleet logs each server it starts,
    /// and the one for variant First blocks that call, on the launch's own thread, until <see cref="Release"/>. What the
    /// test does meanwhile happens after First's server started and before anything of Second exists.
    /// </summary>
    private sealed class LaunchHold : ILogger<LocalSageMakerClient>
    {
        private readonly TaskCompletionSource<string> firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> fields
                && fields.Any(f => f.Key == "VariantName" && Equals(f.Value, "First"))
                && fields.FirstOrDefault(f => f.Key == "Directory").Value is string instance
                && firstStarted.TrySetResult(instance))
            {
                // Bounded, so a test that fails before its release does not keep the launch forever.
                released.Task.Wait(WaitLimit);
            }
        }

        /// <summary>Waits until the launch is held and First's server has recorded its pid; returns the launch's deployment folder.</summary>
        internal async Task<string> WaitUntilFirstServerRunsAsync(Task launch)
        {
            await PollAsync("the launch to start its first server", () =>
            {
                Assert.False(launch.IsCompleted, $"the launch ended before its first server started: {launch.Exception}");
                return Task.FromResult(firstStarted.Task.IsCompleted && File.Exists(Path.Combine(firstStarted.Task.Result, "server.pid")));
            });
            return Path.GetDirectoryName(firstStarted.Task.Result)!;
        }

        internal void Release() => released.TrySetResult();
    }

    /// <summary>Three callers invoking one endpoint through the runtime client without pause, counting what they get.</summary>
    private sealed class InvocationLoad : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly List<string> answers = [];
        private readonly List<MlOpsException> failures = [];
        private Task[] callers = [];

        internal static InvocationLoad Start(LocalTestHome home, string endpoint)
        {
            var load = new InvocationLoad();
            load.callers = [.. Enumerable.Range(0, 3).Select(_ => Task.Run(() => load.CallAsync(home, endpoint)))];
            return load;
        }

        internal Task WaitForAnswersAsync(string version) =>
            PollAsync($"an answer from the {version} fleet", () => Task.FromResult(Snapshot().Answers.Any(a => a.Contains($"\"{version}\"", StringComparison.Ordinal))));

        internal Task WaitForFailureAsync() => PollAsync("a failed invocation", () => Task.FromResult(Snapshot().Failures.Count > 0));

        internal async Task<LoadResult> StopAsync()
        {
            await stop.CancelAsync();
            await Task.WhenAll(callers);
            return Snapshot();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            stop.Dispose();
        }

        private LoadResult Snapshot()
        {
            lock (answers)
            {
                return new LoadResult([.. answers], [.. failures]);
            }
        }

        private async Task CallAsync(LocalTestHome home, string endpoint)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var answer = await home.InvokeAsync(endpoint, "1");
                    lock (answers)
                    {
                        answers.Add(answer);
                    }
                }
                catch (MlOpsException ex)
                {
                    lock (answers)
                    {
                        failures.Add(ex);
                    }
                }
            }
        }
    }

    /// <summary>What the callers got; printed as the number of answers and the failures counted by error code.</summary>
    private sealed record LoadResult(IReadOnlyList<string> Answers, IReadOnlyList<MlOpsException> Failures)
    {
        public override string ToString() =>
            $"{Answers.Count} succeeded, {Failures.Count} failed"
            + (Failures.Count == 0 ? string.Empty : " (" + string.Join(", ", Failures.GroupBy(f => $"{f.ErrorCode} {(int?)f.StatusCode}").Select(g => $"{g.Key}: {g.Count()}")) + ")");
    }
}
