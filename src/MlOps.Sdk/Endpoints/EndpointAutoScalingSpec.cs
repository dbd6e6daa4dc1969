namespace MlOps.Sdk.Endpoints;

/// <summary>
/// How an endpoint's variants scale: a capacity range and a target-tracking policy on
/// <c>SageMakerVariantInvocationsPerInstance</c>, the metric AWS recommends for real-time endpoints.
/// </summary>
public sealed record EndpointAutoScalingSpec
{
    /// <summary>The fewest instances a variant scales in to (at least 1).</summary>
    public required int MinCapacity { get; init; }

    /// <summary>The most instances a variant scales out to (at least <see cref="MinCapacity"/>).</summary>
    public required int MaxCapacity { get; init; }

    /// <summary>The invocations per instance per minute the policy keeps the variant at (above 0).</summary>
    public required double TargetInvocationsPerInstance { get; init; }

    /// <summary>Seconds after a scale-in before the next one (AWS's default for SageMaker: 300).</summary>
    public int ScaleInCooldownSeconds { get; init; } = 300;

    /// <summary>Seconds after a scale-out before the next one (AWS's default for SageMaker: 300; 60 reacts to bursts sooner).</summary>
    public int ScaleOutCooldownSeconds { get; init; } = 60;

    /// <summary>Checks the spec; throws <see cref="MlOpsValidationException"/> naming the field and the rule.</summary>
    /// <param name="path">The spec's field path, used in error messages.</param>
    public void Validate(string path = nameof(EndpointAutoScalingSpec))
    {
        if (MinCapacity < 1)
        {
            throw new MlOpsValidationException($"{path}.{nameof(MinCapacity)}", $"must be at least 1 (got {MinCapacity})");
        }

        if (MaxCapacity < MinCapacity)
        {
            throw new MlOpsValidationException($"{path}.{nameof(MaxCapacity)}", $"must be at least {nameof(MinCapacity)} {MinCapacity} (got {MaxCapacity})");
        }

        if (!(TargetInvocationsPerInstance > 0) || double.IsInfinity(TargetInvocationsPerInstance))
        {
            throw new MlOpsValidationException($"{path}.{nameof(TargetInvocationsPerInstance)}", $"must be a number above 0 (got {TargetInvocationsPerInstance})");
        }

        if (ScaleInCooldownSeconds < 0)
        {
            throw new MlOpsValidationException($"{path}.{nameof(ScaleInCooldownSeconds)}", $"must not be negative (got {ScaleInCooldownSeconds})");
        }

        if (ScaleOutCooldownSeconds < 0)
        {
            throw new MlOpsValidationException($"{path}.{nameof(ScaleOutCooldownSeconds)}", $"must not be negative (got {ScaleOutCooldownSeconds})");
        }
    }
}
