using MlOps.Sdk.Training;

namespace MlOps.Sdk.Costs;

/// <summary>What a training job cost at AWS's on-demand list price.</summary>
/// <remarks>
/// <para>
/// SageMaker's <c>DescribeTrainingJob</c> reference says of <c>BillableTimeInSeconds</c>: "Billable time refers to the
/// absolute wall-clock time. Multiply BillableTimeInSeconds by the number of instances (InstanceCount) in your
/// training cluster to get the total compute time SageMaker bills you if you run distributed training. The formula is
/// as follows: BillableTimeInSeconds * InstanceCount."
/// (AWS's SageMaker service reference, as published in the AWS SDK for Kotlin docs:
/// https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sagemaker/aws.sdk.kotlin.services.sagemaker.model/-describe-training-job-response/billable-time-in-seconds.html;
/// the same text is the service model's, behind https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeTrainingJob.html).
/// So the billable time is
/// per instance, not already summed over the cluster, and this computes
/// instance-hours = BillableTimeInSeconds × InstanceCount ÷ 3600 and cost = instance-hours × the Training price.
/// </para>
/// <para>
/// <c>TrainingTimeInSeconds</c> is not used: the same page frames managed spot training's saving as
/// (1 − BillableTimeInSeconds ÷ TrainingTimeInSeconds) × 100, so for a spot job the billable time is already the smaller
/// figure and applying the on-demand price to it is how AWS states the cost. Warm-pool time
/// (<c>WarmPoolStatus.ResourceRetainedBillableTimeInSeconds</c>, also × InstanceCount) is billed separately, so it is not included here; the review shows it on its own row.
/// </para>
/// </remarks>
public static class TrainingCost
{
    /// <summary>Computes a training job's cost from its billable time.</summary>
    /// <param name="billableTime">SageMaker's <c>BillableTimeInSeconds</c>: wall-clock time billed per instance.</param>
    /// <param name="instanceType">The job's instance type (<c>ResourceConfig.InstanceType</c>); unknown when <see langword="null"/> or empty.</param>
    /// <param name="instanceCount">The job's instance count (<c>ResourceConfig.InstanceCount</c>), at least 1.</param>
    /// <param name="region">The region the job ran in; unknown when <see langword="null"/> or empty.</param>
    /// <param name="prices">The price table; <see cref="InstancePriceTable.Default"/> when <see langword="null"/>.</param>
    /// <returns>The figures, or unknown ones with the reason.</returns>
    /// <exception cref="MlOpsValidationException"><paramref name="instanceCount"/> is below 1 or <paramref name="billableTime"/> is negative.</exception>
    public static CostFigures Compute(TimeSpan billableTime, string? instanceType, int instanceCount, string? region, InstancePriceTable? prices = null)
    {
        if (billableTime < TimeSpan.Zero)
        {
            throw new MlOpsValidationException("BillableTimeInSeconds", "must not be negative");
        }

        return Build((decimal)billableTime.TotalSeconds, null, instanceType, instanceCount, region, prices);
    }

    /// <summary>Computes a described training job's cost from its <see cref="TrainingJob.BillableTime"/>.</summary>
    /// <param name="job">The job as described; its billable time is set once it has ended.</param>
    /// <param name="instanceType">The job's instance type (<c>ResourceConfig.InstanceType</c>); unknown when <see langword="null"/> or empty.</param>
    /// <param name="instanceCount">The job's instance count (<c>ResourceConfig.InstanceCount</c>), at least 1.</param>
    /// <param name="region">The region the job ran in; unknown when <see langword="null"/> or empty.</param>
    /// <param name="prices">The price table; <see cref="InstancePriceTable.Default"/> when <see langword="null"/>.</param>
    /// <returns>The figures; when SageMaker has not reported a billable time yet, the price alone with the reason the total is unknown.</returns>
    /// <exception cref="MlOpsValidationException"><paramref name="instanceCount"/> is below 1.</exception>
    public static CostFigures Compute(TrainingJob job, string? instanceType, int instanceCount, string? region, InstancePriceTable? prices = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.BillableTime is { } billable
            ? Compute(billable, instanceType, instanceCount, region, prices)
            : Build(null, $"SageMaker has not reported a billable time for {job.Name} yet", instanceType, instanceCount, region, prices);
    }

    private static CostFigures Build(decimal? billableSeconds, string? noTimeReason, string? instanceType, int instanceCount, string? region, InstancePriceTable? prices)
    {
        if (instanceCount < 1)
        {
            throw new MlOpsValidationException("InstanceCount", "must be at least 1");
        }

        var (price, unknownPrice) = PriceLookup.Find(prices ?? InstancePriceTable.Default, region, instanceType, InstanceUsage.Training);
        var instanceHours = billableSeconds * instanceCount / 3600m;
        return new CostFigures
        {
            InstanceType = instanceType ?? string.Empty,
            InstanceCount = instanceCount,
            Region = region ?? string.Empty,
            Usage = InstanceUsage.Training,
            UsdPerHour = price?.UsdPerHour,
            InstanceHours = instanceHours,
            TotalUsd = instanceHours * price?.UsdPerHour,
            // Both can be missing at once; the report should say both rather than hide one.
            UnknownReason = unknownPrice is null ? noTimeReason : noTimeReason is null ? unknownPrice : $"{unknownPrice}; {noTimeReason}",
            Source = price?.Source,
            AsOf = price?.AsOf,
            Evidence = price?.Evidence,
        };
    }
}
