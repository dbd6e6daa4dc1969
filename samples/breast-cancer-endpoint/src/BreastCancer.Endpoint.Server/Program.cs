using BreastCancer.Endpoint.Server.Hosting;

if (!ServeCommand.TryParse(args, out var hostArguments))
{
    Console.Error.WriteLine("usage: BreastCancer.Endpoint.Server serve   (the SageMaker inference contract; see README.md)");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(hostArguments);
builder.AddInferenceServer();

var app = builder.Build();
app.MapInferenceEndpoints();

// SIGTERM stops the host gracefully: Kestrel stops accepting, finishes the requests in flight, then the process exits 0.
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
