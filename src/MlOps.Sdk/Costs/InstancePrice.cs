namespace MlOps.Sdk.Costs;

/// <summary>The on-demand list price of one instance type, in one region, for one use, as a price table has it.</summary>
public sealed record InstancePrice
{
    /// <summary>The AWS region code, such as <c>us-east-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>The SageMaker instance type, such as <c>ml.m5.large</c>.</summary>
    public required string InstanceType { get; init; }

    /// <summary>What the price is for.</summary>
    public required InstanceUsage Usage { get; init; }

    /// <summary>US dollars per instance-hour (SageMaker bills by the second at this rate).</summary>
    public required decimal UsdPerHour { get; init; }

    /// <summary>Where the table's prices come from (a URL of AWS's price list or pricing page).</summary>
    public required string Source { get; init; }

    /// <summary>The date the table's figures were gathered.</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>Where this very figure was found, when the table says; <see langword="null"/> otherwise.</summary>
    public string? Evidence { get; init; }
}
