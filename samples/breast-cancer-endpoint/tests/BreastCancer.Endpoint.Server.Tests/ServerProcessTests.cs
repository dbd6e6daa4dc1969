using System.Net;
using System.Text;

namespace BreastCancer.Endpoint.Server.Tests;

public sealed class ServerProcessTests : IDisposable
{
    private readonly string _modelDirectory = TestModel.CreateModelDirectory();
    private readonly HttpClient _client = new();

    [Fact]
    public async Task Serve_SigTermAfterRequests_ExitsZeroGracefully()
    {
        await using var server = ServerProcess.Start("serve", _modelDirectory);
        await server.WaitUntilHealthyAsync(_client);
        using var response = await _client.PostAsync(
            $"http://127.0.0.1:{server.Port}/invocations",
            new StringContent("[0.9, 0.9, 0.1, 0.5]", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        server.SendSigTerm();
        var exitCode = await server.WaitForExitAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DefaultBinding_ListensOnLoopbackOnly()
    {
        await using var server = ServerProcess.Start("serve", _modelDirectory);
        await server.WaitUntilHealthyAsync(_client);

        Assert.Contains($"Now listening on: http://127.0.0.1:{server.Port}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InContainer_ListensOnEveryInterfaceAsSageMakerNeeds()
    {
        await using var server = ServerProcess.Start("serve", _modelDirectory, new Dictionary<string, string> { ["DOTNET_RUNNING_IN_CONTAINER"] = "true" });
        await server.WaitUntilHealthyAsync(_client);

        Assert.Contains($"Now listening on: http://0.0.0.0:{server.Port}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_InContainerWithExplicitBindAddress_ListensOnThatAddressOnly()
    {
        var environment = new Dictionary<string, string> { ["DOTNET_RUNNING_IN_CONTAINER"] = "true", ["MLOPS_BIND_ADDRESS"] = "127.0.0.1" };
        await using var server = ServerProcess.Start("serve", _modelDirectory, environment);
        await server.WaitUntilHealthyAsync(_client);

        Assert.Contains($"Now listening on: http://127.0.0.1:{server.Port}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BindAddressNotAnAddress_ExitsNamingTheVariable()
    {
        await using var server = ServerProcess.Start("serve", _modelDirectory, new Dictionary<string, string> { ["MLOPS_BIND_ADDRESS"] = "everywhere" });

        var exitCode = await server.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
        Assert.Contains("MLOPS_BIND_ADDRESS must be an IP address", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TrainCommand_ExitsWithUsage()
    {
        await using var server = ServerProcess.Start("train", _modelDirectory);

        var exitCode = await server.WaitForExitAsync();

        Assert.Equal(2, exitCode);
        Assert.Contains("usage", server.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_modelDirectory, recursive: true);
    }
}
