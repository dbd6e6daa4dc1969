using BreastCancer.Endpoint.Server.Handlers;
using BreastCancer.Endpoint.Server.Model;

namespace BreastCancer.Endpoint.Server.Hosting;

/// <summary>Wires the inference server into an ASP.NET Core application.</summary>
public static class InferenceServerExtensions
{
    /// <summary>Adds the model, the handlers and the Kestrel binding of the inference contract.</summary>
    /// <param name="builder">The application builder.</param>
    /// <returns>The same builder.</returns>
    public static WebApplicationBuilder AddInferenceServer(this WebApplicationBuilder builder)
    {
        var binding = ServerBinding.From(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(binding.Address, binding.Port);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = InferenceServerOptions.SageMakerMaximumPayloadBytes;
        });

        // A line per request would cost more than the prediction itself; request failures are still logged (by Kestrel).
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // While this category is enabled at any level, hosting starts an Activity and a log scope for every request only
        // for log lines; they were most of each request's garbage. Tracing (an ActivityListener, OpenTelemetry) still gets
        // its Activity; a failed start still ends the process with the exception.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.Services.AddOptions<InferenceServerOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            if (configuration["SM_MODEL_DIR"] is { Length: > 0 } modelDirectory)
            {
                options.ModelDirectory = modelDirectory;
            }
        });
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddHostedService<ModelLoadingService>();
        builder.Services.AddSingleton<PingHandler>();
        builder.Services.AddSingleton<InvocationsHandler>();
        return builder;
    }

    /// <summary>Maps <c>GET /ping</c> and <c>POST /invocations</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapInferenceEndpoints(this WebApplication app)
    {
        // Plain request delegates: no model binding or filters on the hot path.
        var ping = app.Services.GetRequiredService<PingHandler>();
        var invocations = app.Services.GetRequiredService<InvocationsHandler>();
        app.MapGet("/ping", (RequestDelegate)ping.HandleAsync);
        app.MapPost("/invocations", (RequestDelegate)invocations.HandleAsync);
        return app;
    }
}
