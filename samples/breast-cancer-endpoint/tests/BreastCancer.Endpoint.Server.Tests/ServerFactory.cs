using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using BreastCancer.Endpoint.Server.Model;

namespace BreastCancer.Endpoint.Server.Tests;

/// <summary>The server in memory, serving the model in a given folder.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly string _modelDirectory;

    public ServerFactory(string modelDirectory)
    {
        _modelDirectory = modelDirectory;
    }

    /// <summary>Waits until the model has been loaded (or has failed to load).</summary>
    public async Task WaitForModelAsync()
    {
        var store = Services.GetRequiredService<ModelStore>();
        try
        {
            await store.Loaded.WaitAsync(TimeSpan.FromMinutes(1));
        }
        catch (InvalidOperationException)
        {
            // Loading failed: the tests that expect it read ModelStore.Failure or /ping.
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseSetting("SM_MODEL_DIR", _modelDirectory);
}
