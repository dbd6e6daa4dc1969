namespace MlOps.Sdk.Packaging;

/// <summary>
/// The cost figures of a release, as the merge-request review computed them from the SDK's price table: what training
/// the model cost, and what its endpoint costs while it runs. Amounts are US dollars at on-demand list prices.
/// </summary>
public sealed record ReleaseCosts
{
    /// <summary>The currency of every amount: <c>USD</c>.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>The region whose prices apply.</summary>
    public string? Region { get; init; }

    /// <summary>The training job's instance type.</summary>
    public string? TrainingInstanceType { get; init; }

    /// <summary>How many instances the training job ran on.</summary>
    public int? TrainingInstanceCount { get; init; }

    /// <summary>The billable instance-hours of the training job.</summary>
    public double? TrainingInstanceHours { get; init; }

    /// <summary>The training job's cost, or <see langword="null"/> when its price is unknown.</summary>
    public double? TrainingUsd { get; init; }

    /// <summary>
    /// The instance-hours of the training job's warm pool: retained once SageMaker reports it, else the whole keep-alive
    /// period; <see langword="null"/> without a warm pool.
    /// </summary>
    public double? WarmPoolInstanceHours { get; init; }

    /// <summary>The warm pool's cost at the training price, or <see langword="null"/> without a pool or when its price is unknown.</summary>
    public double? WarmPoolUsd { get; init; }

    /// <summary>The endpoint's instance type.</summary>
    public string? EndpointInstanceType { get; init; }

    /// <summary>How many instances serve the endpoint.</summary>
    public int? EndpointInstanceCount { get; init; }

    /// <summary>The endpoint's cost per hour at that count, or <see langword="null"/> when its price is unknown.</summary>
    public double? EndpointUsdPerHour { get; init; }

    /// <summary>The endpoint's cost per month (730 hours) at that count.</summary>
    public double? EndpointUsdPerMonth { get; init; }

    /// <summary>Where the prices come from.</summary>
    public string? PriceSource { get; init; }

    /// <summary>The day the prices were read, <c>yyyy-MM-dd</c>.</summary>
    public string? PricesAsOf { get; init; }

    /// <summary>Why a figure is missing, one sentence each (an instance type not in the price table).</summary>
    public IReadOnlyList<string> Unknown { get; init; } = [];
}
