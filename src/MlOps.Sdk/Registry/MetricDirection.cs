namespace MlOps.Sdk.Registry;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    /// <summary>Larger values are better (accuracy, AUC, F1).</summary>
    HigherIsBetter,

    /// <summary>Smaller values are better (loss, RMSE, latency).</summary>
    LowerIsBetter,
}
