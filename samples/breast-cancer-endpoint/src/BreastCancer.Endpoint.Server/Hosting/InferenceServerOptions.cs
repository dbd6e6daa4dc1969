namespace BreastCancer.Endpoint.Server.Hosting;

/// <summary>The server's settings, read from the variables of the SageMaker inference contract.</summary>
public sealed class InferenceServerOptions
{
    /// <summary>Largest request body SageMaker passes to a model (6 MB); anything larger is answered 413.</summary>
    public const int SageMakerMaximumPayloadBytes = 6 * 1024 * 1024;

    /// <summary>The folder SageMaker extracts model.tar.gz into (<c>SM_MODEL_DIR</c>, default <c>/opt/ml/model</c>).</summary>
    public string ModelDirectory { get; set; } = "/opt/ml/model";

    /// <summary>The largest request body accepted, in bytes.</summary>
    public int MaximumPayloadBytes { get; set; } = SageMakerMaximumPayloadBytes;
}
