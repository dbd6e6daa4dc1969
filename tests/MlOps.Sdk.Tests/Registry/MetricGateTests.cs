using MlOps.Sdk.Registry;
using MlOps.Sdk.SageMaker;

namespace MlOps.Sdk.Tests.Registry;

public sealed class MetricGateTests
{
    private static readonly Dictionary<string, double> Candidate = new() { ["rmse"] = 1.8, ["accuracy"] = 0.9 };

    [Fact]
    public void Evaluate_LowerIsBetterBelowThreshold_Approves()
    {
        var gate = new MetricGate { MetricName = "rmse", Direction = MetricDirection.LowerIsBetter, Threshold = 2.0 };

        Assert.True(gate.Evaluate(Candidate, null).Approved);
    }

    [Fact]
    public void Evaluate_LowerIsBetterAboveThreshold_Rejects()
    {
        var gate = new MetricGate { MetricName = "rmse", Direction = MetricDirection.LowerIsBetter, Threshold = 1.5 };

        Assert.False(gate.Evaluate(Candidate, null).Approved);
    }

    [Fact]
    public void Evaluate_LowerIsBetterImprovesOnBaselineByMargin_Approves()
    {
        var gate = new MetricGate { MetricName = "rmse", Direction = MetricDirection.LowerIsBetter, MinimumImprovement = 0.1 };

        Assert.True(gate.Evaluate(Candidate, Baseline(rmse: 2.0)).Approved);
    }

    [Fact]
    public void Evaluate_ValueEqualToThreshold_Approves()
    {
        var gate = new MetricGate { MetricName = "accuracy", Threshold = 0.9 };

        Assert.True(gate.Evaluate(Candidate, null).Approved);
    }

    [Fact]
    public void Evaluate_NoApprovedVersionYet_PassesTheComparison()
    {
        var gate = new MetricGate { MetricName = "accuracy", MinimumImprovement = 0.05 };

        var decision = gate.Evaluate(Candidate, null);

        Assert.True(decision.Approved);
        Assert.Contains("no Approved version", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CandidateLacksMetric_Rejects()
    {
        var gate = new MetricGate { MetricName = "f1", Threshold = 0.5 };

        var decision = gate.Evaluate(Candidate, null);

        Assert.False(decision.Approved);
        Assert.Null(decision.CandidateValue);
    }

    [Fact]
    public void Evaluate_ThresholdMetButBaselineNotBeaten_Rejects()
    {
        var gate = new MetricGate { MetricName = "accuracy", Threshold = 0.8, MinimumImprovement = 0.0 };

        Assert.False(gate.Evaluate(Candidate, Baseline(accuracy: 0.95)).Approved);
    }

    [Fact]
    public void Validate_NoThresholdNorMargin_Throws()
    {
        var gate = new MetricGate { MetricName = "accuracy" };

        Assert.Throws<MlOpsValidationException>(gate.Validate);
    }

    [Fact]
    public void Validate_NegativeMargin_ThrowsNamingIt()
    {
        var gate = new MetricGate { MetricName = "accuracy", MinimumImprovement = -0.1 };

        var error = Assert.Throws<MlOpsValidationException>(gate.Validate);

        Assert.Equal("MetricGate.MinimumImprovement", error.FieldName);
    }

    private static ModelVersion Baseline(double? rmse = null, double? accuracy = null)
    {
        var metrics = new Dictionary<string, double>();
        if (rmse is { } r)
        {
            metrics["rmse"] = r;
        }

        if (accuracy is { } a)
        {
            metrics["accuracy"] = a;
        }

        return new ModelVersion
        {
            Arn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1",
            Version = 1,
            Status = ModelPackageStatus.Completed,
            CreationTime = DateTimeOffset.UnixEpoch,
            ApprovalStatus = ModelApprovalStatus.Approved,
            Metrics = metrics,
        };
    }
}
