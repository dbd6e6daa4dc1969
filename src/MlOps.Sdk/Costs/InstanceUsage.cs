namespace MlOps.Sdk.Costs;

/// <summary>What a SageMaker instance is billed for; AWS prices the same instance type differently per use.</summary>
public enum InstanceUsage
{
    /// <summary>A training job's instances (AWS usage type <c>*-Train:&lt;instance type&gt;</c>).</summary>
    Training,

    /// <summary>A real-time endpoint's instances (AWS usage type <c>*-Host:&lt;instance type&gt;</c>).</summary>
    RealTimeInference,
}
