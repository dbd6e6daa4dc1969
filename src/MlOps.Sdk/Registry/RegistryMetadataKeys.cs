namespace MlOps.Sdk.Registry;

/// <summary>Keys of the <c>CustomerMetadataProperties</c> the registry writes on model package versions.</summary>
public static class RegistryMetadataKeys
{
    /// <summary>Prefix of each final metric of the training job, such as <c>metric:accuracy</c>.</summary>
    public const string MetricPrefix = "metric:";

    /// <summary>The training job the version came from.</summary>
    public const string TrainingJobName = "TrainingJobName";

    /// <summary>Prefix of every entry the metric gate writes.</summary>
    public const string GatePrefix = "gate:";

    /// <summary>The metric gate's decision: <c>approved</c> or <c>rejected</c>.</summary>
    public const string GateDecision = "gate:decision";

    /// <summary>The metric the gate compared.</summary>
    public const string GateMetric = "gate:metric";

    /// <summary>Whether higher or lower values of the metric are better.</summary>
    public const string GateDirection = "gate:direction";

    /// <summary>The candidate's value of the metric.</summary>
    public const string GateValue = "gate:value";

    /// <summary>The threshold the gate required, when it had one.</summary>
    public const string GateThreshold = "gate:threshold";

    /// <summary>The latest Approved version's value of the metric, when there was one.</summary>
    public const string GateBaseline = "gate:baseline";

    /// <summary>The ARN of the version the gate compared with.</summary>
    public const string GateBaselineVersion = "gate:baselineVersion";

    /// <summary>The improvement over the baseline the gate required.</summary>
    public const string GateMargin = "gate:margin";
}
