namespace BreastCancer.Endpoint.Server.Tests;

/// <summary>One in-memory server with the test model, shared by the tests of a class.</summary>
public sealed class ModelServerFixture : IAsyncLifetime
{
    public string ModelDirectory { get; } = TestModel.CreateModelDirectory();

    public ServerFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Factory = new ServerFactory(ModelDirectory);
        Client = Factory.CreateClient();
        await Factory.WaitForModelAsync();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        Directory.Delete(ModelDirectory, recursive: true);
    }
}
