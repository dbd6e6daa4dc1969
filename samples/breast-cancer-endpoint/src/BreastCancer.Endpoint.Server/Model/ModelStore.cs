namespace BreastCancer.Endpoint.Server.Model;

/// <summary>Holds the one loaded model, or why it could not be loaded. Thread-safe.</summary>
public sealed class ModelStore
{
    private readonly TaskCompletionSource<LoadedModel> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile LoadedModel? _current;
    private volatile string? _failure;

    /// <summary>The model, or null until it is loaded.</summary>
    public LoadedModel? Current => _current;

    /// <summary>Why loading failed, or null.</summary>
    public string? Failure => _failure;

    /// <summary>Completes when the model is loaded; faults when loading failed.</summary>
    public Task<LoadedModel> Loaded => _loaded.Task;

    /// <summary>Publishes the loaded model.</summary>
    /// <param name="model">The model.</param>
    public void SetLoaded(LoadedModel model)
    {
        _current = model;
        _loaded.TrySetResult(model);
    }

    /// <summary>Records why the model could not be loaded.</summary>
    /// <param name="reason">The reason, for /ping and the log.</param>
    public void SetFailed(string reason)
    {
        _failure = reason;
        _loaded.TrySetException(new InvalidOperationException(reason));
    }
}
