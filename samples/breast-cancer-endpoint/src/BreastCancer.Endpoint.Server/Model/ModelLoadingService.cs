using System.Diagnostics;
using Microsoft.Extensions.Options;
using BreastCancer.Endpoint.Server.Hosting;

namespace BreastCancer.Endpoint.Server.Model;

/// <summary>
/// Loads the model once, in the background, so the server answers <c>/ping</c> (503) while it loads and 200 from the
/// moment it is ready.
/// </summary>
public sealed partial class ModelLoadingService : BackgroundService
{
    private readonly ModelStore _store;
    private readonly IOptions<InferenceServerOptions> _options;
    private readonly ILogger<ModelLoadingService> _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where the model goes.</param>
    /// <param name="options">The server's settings.</param>
    /// <param name="logger">The log.</param>
    public ModelLoadingService(ModelStore store, IOptions<InferenceServerOptions> options, ILogger<ModelLoadingService> logger)
    {
        _store = store;
        _options = options;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(Load, stoppingToken);

    private void Load()
    {
        var directory = _options.Value.ModelDirectory;
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var model = LoadedModel.Load(directory);
            _store.SetLoaded(model);
            LogLoaded(directory, model.FeatureCount, stopwatch.ElapsedMilliseconds);
        }
        catch (Exception exception)
        {
            // The server stays up and /ping keeps answering 503 with the reason, which is what SageMaker's health check reads.
            var reason = $"model not loaded: {exception.Message}";
            _store.SetFailed(reason);
            LogFailed(exception, directory);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model loaded from {Directory}: {FeatureCount} features, in {ElapsedMs} ms")]
    private partial void LogLoaded(string directory, int featureCount, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Model could not be loaded from {Directory}")]
    private partial void LogFailed(Exception exception, string directory);
}
