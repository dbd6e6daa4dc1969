using MlOps.Sdk.LocalWire.Hosting;
using MlOps.Sdk.Tests.Local;

namespace MlOps.Sdk.Tests.LocalWire;

/// <summary>
/// A fresh local home with the test trainer and model server registered, served by a <see cref="LocalWireServer"/> on a
/// free loopback port; stops the server and deletes the home (and its endpoints' processes) at the end.
/// </summary>
public sealed class LocalWireFixture : IAsyncLifetime
{
    public LocalTestHome Home { get; } = new();

    public LocalWireServer Server { get; private set; } = null!;

    public string TrainerImage { get; private set; } = null!;

    public string ServerImage { get; private set; } = null!;

    public AwsTools Tools { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LocalWireServer.StartAsync(new LocalWireServerOptions { Local = Home.Options.Value });
        TrainerImage = await Home.RegisterTrainerAsync();
        ServerImage = await Home.RegisterServerAsync();
        Tools = new AwsTools(Server, Home.Home);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Home.DisposeAsync();
    }
}
