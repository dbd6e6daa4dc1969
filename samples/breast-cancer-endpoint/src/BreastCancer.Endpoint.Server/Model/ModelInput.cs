namespace BreastCancer.Endpoint.Server.Model;

/// <summary>One row as the model takes it: the <c>Features</c> vector (its length comes from the model at load time).</summary>
public sealed class ModelInput
{
    /// <summary>The feature values, in the order the model was trained with.</summary>
    public float[] Features { get; set; } = [];
}
