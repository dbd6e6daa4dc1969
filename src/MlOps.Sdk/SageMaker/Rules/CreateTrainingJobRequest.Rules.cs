namespace MlOps.Sdk.SageMaker;

/// <summary>Rules of <c>CreateTrainingJob</c> that AWS documents but its API model does not carry.</summary>
public sealed partial record CreateTrainingJobRequest
{
    /// <summary>
    /// The longest hyperparameter value AWS accepts. The CreateTrainingJob documentation says 256 characters while
    /// botocore's model says 2500; the service enforces the documented limit, so the client does too.
    /// </summary>
    public const int MaxHyperParameterValueLength = 256;

    partial void ValidateRules(string path)
    {
        // "SageMaker managed warm pools cannot be used with spot instances" (Train Using SageMaker Managed Warm Pools,
        // Considerations): a spot job can be interrupted and its instances reclaimed, so there is nothing to retain.
        if (ResourceConfig?.KeepAlivePeriodInSeconds is > 0 && EnableManagedSpotTraining == true)
        {
            throw new MlOpsValidationException(
                $"{path}.ResourceConfig.KeepAlivePeriodInSeconds",
                "must be 0 or absent with EnableManagedSpotTraining: SageMaker managed warm pools cannot be used with spot instances",
                TrainingJobName);
        }

        if (HyperParameters is null)
        {
            return;
        }

        foreach (var (key, value) in HyperParameters)
        {
            if (value is not null && value.Length > MaxHyperParameterValueLength)
            {
                throw new MlOpsValidationException(
                    $"{path}.HyperParameters[{key}]",
                    $"must be at most {MaxHyperParameterValueLength} characters long (it is {value.Length})",
                    TrainingJobName);
            }
        }
    }
}
