using System.Globalization;

namespace MlOps.Sdk.SageMaker;

/// <summary>
/// Rules of a blue/green traffic shift that AWS documents but its API model does not carry (API reference,
/// TrafficRoutingConfig): "CanarySize … Value must be less than or equal to 50% of the variant's total instance
/// count"; "LinearStepSize … Value must be 10-50% of the variant's total instance count".
/// </summary>
public sealed partial record TrafficRoutingConfig
{
    /// <summary>The largest canary, in percent of the variant's instances.</summary>
    public const int MaxCanaryPercent = 50;

    /// <summary>The smallest linear step, in percent of the variant's instances.</summary>
    public const int MinLinearStepPercent = 10;

    /// <summary>The largest linear step, in percent of the variant's instances.</summary>
    public const int MaxLinearStepPercent = 50;

    /// <summary>
    /// Checks the sizes given as an instance count against the fleet they shift: the variant's total instance count,
    /// which only the endpoint config knows. Sizes given in percent are checked by <c>Validate</c> alone.
    /// </summary>
    /// <param name="instanceCount">The variant's total instance count.</param>
    /// <param name="path">The field path of this value, used in error messages.</param>
    /// <exception cref="MlOpsValidationException">A size is out of its range.</exception>
    public void ValidateAgainstFleet(int instanceCount, string path = "TrafficRoutingConfig")
    {
        Check(CanarySize, "CanarySize", 0, MaxCanaryPercent, instanceCount, path);
        Check(LinearStepSize, "LinearStepSize", MinLinearStepPercent, MaxLinearStepPercent, instanceCount, path);
    }

    /// <summary>Whether a size is given as an instance count, so that checking it needs the fleet's size.</summary>
    /// <returns><see langword="true"/> when <see cref="ValidateAgainstFleet"/> has something to check.</returns>
    /// <remarks>A method, not a property, so that it is never serialized onto the wire.</remarks>
    public bool NeedsFleetSize() =>
        CanarySize?.Type == CapacitySizeType.InstanceCount || LinearStepSize?.Type == CapacitySizeType.InstanceCount;

    partial void ValidateRules(string path)
    {
        Check(CanarySize, "CanarySize", 0, MaxCanaryPercent, null, path);
        Check(LinearStepSize, "LinearStepSize", MinLinearStepPercent, MaxLinearStepPercent, null, path);
    }

    private static void Check(CapacitySize? size, string member, int minPercent, int maxPercent, int? instanceCount, string path)
    {
        if (size is null)
        {
            return;
        }

        var field = $"{path}.{member}.Value";
        var range = minPercent == 0 ? $"at most {maxPercent}%" : $"{minPercent}-{maxPercent}%";
        if (size.Type == CapacitySizeType.CapacityPercent)
        {
            if (size.Value < minPercent || size.Value > maxPercent)
            {
                throw new MlOpsValidationException(field, $"must be {range} of the variant's total instance count (it is {size.Value.ToString(CultureInfo.InvariantCulture)}%)");
            }

            return;
        }

        if (instanceCount is not { } count)
        {
            return;
        }

        // Value/count within [min%, max%], kept in integers: 100 * Value against min% and max% of count.
        var percentTimesCount = 100L * size.Value;
        if (percentTimesCount < (long)minPercent * count || percentTimesCount > (long)maxPercent * count)
        {
            throw new MlOpsValidationException(field, $"must be {range} of the variant's total instance count, {count.ToString(CultureInfo.InvariantCulture)} (it is {size.Value.ToString(CultureInfo.InvariantCulture)} instances)");
        }
    }
}
