namespace BreastCancer.Endpoint.Server.Model;

/// <summary>The columns a binary classifier adds to a row.</summary>
public sealed class ModelOutput
{
    /// <summary>The predicted class.</summary>
    public bool PredictedLabel { get; set; }

    /// <summary>The calibrated probability of the positive class.</summary>
    public float Probability { get; set; }

    /// <summary>The raw score.</summary>
    public float Score { get; set; }
}
