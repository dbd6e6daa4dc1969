using System.Globalization;
using System.Text;
using MlOps.Sdk.Costs;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Registry;

namespace MlOps.Sdk.Review;

/// <summary>Writes a <see cref="MergeRequestReview"/> as the Markdown of one merge-request note (GitLab Flavored Markdown).</summary>
public static class MergeRequestReviewMarkdown
{
    /// <summary>
    /// The hidden first line of every review. It lets the note client find the note it posted before and update it in
    /// place, and GitLab renders it as nothing.
    /// </summary>
    public const string Marker = GitLab.GitLabNoteSettings.DefaultMarker;

    /// <summary>Writes the review.</summary>
    /// <param name="review">The review.</param>
    /// <returns>The Markdown, starting with <see cref="Marker"/>.</returns>
    public static string Write(MergeRequestReview review)
    {
        ArgumentNullException.ThrowIfNull(review);
        var md = new StringBuilder();
        md.AppendLine(Marker);
        var subject = review.MergeRequestIid is { } iid ? $"merge request !{iid}" : "this pipeline";
        md.AppendLine(CultureInfo.InvariantCulture, $"## Model review: {review.Project}, {subject}{(review.Commit is null ? string.Empty : $" at `{review.Commit}`")}");
        md.AppendLine();
        foreach (var line in Verdict(review))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {line}");
        }

        WriteModel(md, review);
        WriteTests(md, review);
        WriteCosts(md, review);
        WriteLinks(md, review);
        if (review.Remarks.Count > 0)
        {
            md.AppendLine().AppendLine("### Not shown");
            foreach (var remark in review.Remarks)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {remark}");
            }
        }

        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"<sub>MlOps.Sdk, {review.Mode} mode, {review.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. This note is updated in place by each new pipeline of the merge request.</sub>");
        return md.ToString();
    }

    private static IEnumerable<string> Verdict(MergeRequestReview review)
    {
        if (review.Candidate is null)
        {
            yield return "**No candidate model version**: no earlier stage registered or deployed one.";
        }
        else if (review.Production?.Version is not { } production)
        {
            yield return $"**First model**: nothing serves production yet, so there is nothing to compare version {VersionLabel(review.Candidate)} with.";
        }
        else if (production.Arn == review.Candidate.Arn)
        {
            yield return $"**Same model as production**: the candidate serves version {VersionLabel(production)}, which production serves now.";
        }
        else if (review.Gate is { } gate && gate.CandidateValue is { } value && production.Metrics.TryGetValue(gate.MetricName, out var baseline))
        {
            var improvement = gate.Direction == MetricDirection.HigherIsBetter ? value - baseline : baseline - value;
            var word = improvement > 0 ? "better than" : improvement < 0 ? "worse than" : "as good as";
            yield return $"**Candidate is {word} production** on {gate.MetricName}: {Metric(value)} against {Metric(baseline)} ({Signed(value - baseline)}) of version {VersionLabel(production)}.";
        }
        else
        {
            yield return $"**Candidate against production version {VersionLabel(production)}**: see the metrics below.";
        }

        if (review.Gate is { } decision)
        {
            yield return $"**Metric gate {(decision.Approved ? "passes" : "fails")}**: {decision.Reason}";
        }

        if (review.CandidateTests is { } tests)
        {
            var cases = new[] { tests.Health }.Concat(tests.Samples).OfType<EndpointTestResult>().ToList();
            yield return tests.Passed
                ? $"**Endpoint tests pass**: {cases.Count} of {cases.Count} cases on {tests.EndpointName}."
                : $"**Endpoint tests fail**: {cases.Count(c => !c.Passed)} of {cases.Count} cases on {tests.EndpointName} ({Cell(string.Join("; ", tests.Failures))}).";
        }

        var hourly = review.EndpointCost is { FleetUsdPerHour: { } perHour } ? $"the candidate endpoint {CostFigures.FormatRate(perHour)}/hour" : null;
        var training = review.TrainingCost is { TotalUsd: { } total } ? $"training {CostFigures.FormatUsd(total)}" : null;
        var pool = review.WarmPoolCost is { TotalUsd: { } poolTotal }
            ? $"warm pool {(review.TrainingJob?.WarmPool?.ResourceRetainedBillableTimeInSeconds is null ? "up to " : string.Empty)}{CostFigures.FormatUsd(poolTotal)}"
            : null;
        if (training is not null || pool is not null || hourly is not null)
        {
            yield return $"**Cost**: {string.Join(", ", new[] { training, pool, hourly }.OfType<string>())}{(review.Mode == "local" ? " (at AWS prices; this run was local)" : string.Empty)}.";
        }
    }

    private static void WriteModel(StringBuilder md, MergeRequestReview review)
    {
        var candidate = review.Candidate;
        var production = review.Production?.Version;
        if (candidate is null && production is null)
        {
            return;
        }

        md.AppendLine().AppendLine("### Model").AppendLine();
        md.AppendLine("| | Candidate | Production |").AppendLine("|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Version | {(candidate is null ? "–" : $"{VersionLabel(candidate)} ({candidate.ApprovalStatus})")} | {(production is null ? "none yet" : $"{VersionLabel(production)} ({production.ApprovalStatus})")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ARN | {Code(candidate?.Arn)} | {Code(production?.Arn)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Served by | {Serving(review.CandidateEndpoint)} | {(review.Production is null ? "–" : $"{Serving(review.Production.Endpoint)}; found {review.Production.FoundBy}")} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Training job | {Code(candidate?.TrainingJobName)} | {Code(production?.TrainingJobName)} |");

        var names = (candidate?.Metrics.Keys ?? []).Union(production?.Metrics.Keys ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("| Metric | Candidate | Production | Difference |").AppendLine("|---|--:|--:|--:|");
        foreach (var name in names)
        {
            double? c = candidate is not null && candidate.Metrics.TryGetValue(name, out var cv) ? cv : null;
            double? p = production is not null && production.Metrics.TryGetValue(name, out var pv) ? pv : null;
            var gate = review.Gate is { } g && g.MetricName == name ? g : null;
            var label = gate is null ? Cell(name) : $"**{Cell(name)}** (gate, {(gate.Direction == MetricDirection.HigherIsBetter ? "higher" : "lower")} is better{(gate.Threshold is { } t ? $", threshold {Metric(t)}" : string.Empty)})";
            var difference = c is { } a && p is { } b ? Signed(a - b) + (gate is null ? string.Empty : Better(gate.Direction, a - b)) : "–";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {(c is null ? "–" : Metric(c.Value))} | {(p is null ? "–" : Metric(p.Value))} | {difference} |");
        }
    }

    private static void WriteTests(StringBuilder md, MergeRequestReview review)
    {
        if (review.CandidateTests is not { } tests)
        {
            return;
        }

        var production = review.Production?.Endpoint?.EndpointName;
        var latency = review.Latency.ToDictionary(l => l.CaseName, StringComparer.Ordinal);
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### Endpoint tests on {tests.EndpointName}").AppendLine();
        var withProduction = production is not null && review.Latency.Any(l => l.ByEndpoint.ContainsKey(production));
        md.Append("| Case | Result | Candidate p50 | Candidate p99 |");
        md.AppendLine(withProduction ? " Production p50 | Production p99 |" : string.Empty);
        md.AppendLine(withProduction ? "|---|---|--:|--:|--:|--:|" : "|---|---|--:|--:|");
        foreach (var result in new[] { tests.Health }.Concat(tests.Samples).OfType<EndpointTestResult>())
        {
            var outcome = result.Passed ? "passed" : $"**failed**: {Cell(result.Message ?? result.ErrorCode ?? "failed")}";
            latency.TryGetValue(result.Name, out var measured);
            var candidate = measured?.ByEndpoint.GetValueOrDefault(tests.EndpointName);
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(result.Name)} | {outcome} | {(candidate is null ? Ms(result.Latency) : Ms(candidate.P50))} | {(candidate is null ? "–" : Ms(candidate.P99))} |");
            var baseline = withProduction ? measured?.ByEndpoint.GetValueOrDefault(production!) : null;
            md.AppendLine(withProduction ? $" {(baseline is null ? "–" : Ms(baseline.P50))} | {(baseline is null ? "–" : Ms(baseline.P99))} |" : string.Empty);
        }

        if (tests.Latency is { } overall)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Latency of the test stage over {overall.Requests} requests: p50 {Ms(overall.P50)}, p90 {Ms(overall.P90)}, p99 {Ms(overall.P99)}, {overall.Failures} failed.");
        }

        if (review.Latency.Count > 0)
        {
            var repeats = review.Latency[0].ByEndpoint.Values.First().Requests;
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Per-case p50/p99: each case sent {repeats} times to {(withProduction ? "the candidate and production in turn" : "the candidate")}, in this job.");
        }
    }

    private static void WriteCosts(StringBuilder md, MergeRequestReview review)
    {
        if (review.TrainingCost is null && review.WarmPoolCost is null && review.EndpointCost is null)
        {
            return;
        }

        md.AppendLine().AppendLine("### Cost").AppendLine();
        md.AppendLine("| Item | Instances | On-demand price | Cost |").AppendLine("|---|---|--:|--:|");
        if (review.TrainingCost is { } training)
        {
            var cost = training.TotalUsd is { } total && training.InstanceHours is { } hours
                ? $"{CostFigures.FormatUsd(total)} for {CostFigures.FormatHours(hours)} instance-hours"
                : Unknown(training);
            md.AppendLine(CultureInfo.InvariantCulture, $"| Training job | {training.InstanceCount} × {training.InstanceType} | {PerHour(training.UsdPerHour)} | {cost} |");
        }

        if (review.WarmPoolCost is { } pool)
        {
            var retained = review.TrainingJob?.WarmPool?.ResourceRetainedBillableTimeInSeconds is not null;
            var cost = pool.TotalUsd is { } total
                ? $"{(retained ? string.Empty : "up to ")}{CostFigures.FormatUsd(total)} for {CostFigures.FormatHours(pool.InstanceHours!.Value)} instance-hours{(retained ? " retained" : " if no later job reuses it")}"
                : Unknown(pool);
            md.AppendLine(CultureInfo.InvariantCulture, $"| Warm pool ({review.TrainingJob?.WarmPool?.Status.ToString() ?? "kept after the job"}) | {pool.InstanceCount} × {pool.InstanceType} | {PerHour(pool.UsdPerHour)} | {cost} |");
        }

        if (review.EndpointCost is { } endpoint)
        {
            var cost = endpoint.FleetUsdPerHour is { } hourly && endpoint.UsdPerMonth is { } monthly
                ? $"{CostFigures.FormatRate(hourly)}/hour, {CostFigures.FormatUsd(monthly)}/month"
                : Unknown(endpoint);
            md.AppendLine(CultureInfo.InvariantCulture, $"| Candidate endpoint | {endpoint.InstanceCount} × {endpoint.InstanceType} | {PerHour(endpoint.UsdPerHour)} | {cost} |");
        }

        var priced = new[] { review.TrainingCost, review.EndpointCost }.FirstOrDefault(c => c is { IsPriceKnown: true });
        md.AppendLine();
        md.AppendLine(priced is null
            ? "No price of the SDK's price table applies."
            : $"AWS on-demand list prices for {priced.Region}, from {priced.Source}, as of {priced.AsOf:yyyy-MM-dd}; a month is {EndpointCost.HoursPerMonth} hours. Storage, data transfer, savings plans and taxes are not included.");
    }

    private static string Unknown(CostFigures figures) => $"price unknown{(figures.UnknownReason is null ? string.Empty : $": {Cell(figures.UnknownReason)}")}";

    private static void WriteLinks(StringBuilder md, MergeRequestReview review)
    {
        if (review.Links.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("### Links").AppendLine();
        foreach (var link in review.Links)
        {
            md.AppendLine(link.Target is null
                ? $"- {link.Title}: `{link.Label}`"
                : $"- {link.Title}: [{Cell(link.Label)}]({link.Target})");
        }
    }

    private static string VersionLabel(ModelVersion version) => version.Version is { } v ? v.ToString(CultureInfo.InvariantCulture) : version.Arn;

    private static string Serving(ServedVariant? variant) =>
        variant is null ? "–" : $"`{variant.EndpointName}` ({variant.InstanceCount} × {variant.InstanceType})";

    private static string Better(MetricDirection direction, double difference)
    {
        var improvement = direction == MetricDirection.HigherIsBetter ? difference : -difference;
        return improvement > 0 ? " better" : improvement < 0 ? " worse" : " same";
    }

    private static string Metric(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Signed(double value) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string PerHour(decimal? usd) => usd is { } v ? CostFigures.FormatRate(v) + "/hour" : "unknown";

    private static string Code(string? text) => text is null ? "–" : $"`{text}`";

    // A table cell holds one line, and a pipe would end it.
    private static string Cell(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
