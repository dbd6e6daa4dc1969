using System.Globalization;
using System.Text;

namespace MlOps.Sdk.Costs;

/// <summary>
/// The cost of one training job or one endpoint at AWS's on-demand list price, or why it is unknown, for a report.
/// </summary>
/// <remarks>
/// Figures are exact <see cref="decimal"/>s; round only when showing them (<see cref="FormatUsd"/>, <see cref="ToString"/>).
/// They exclude storage, data transfer and taxes (see <see cref="InstancePriceTable.Notice"/>).
/// </remarks>
public sealed record CostFigures
{
    /// <summary>The SageMaker instance type, as given (may be empty when the caller did not know it).</summary>
    public required string InstanceType { get; init; }

    /// <summary>How many instances: a training job's instance count, or an endpoint's initial instance count.</summary>
    public required int InstanceCount { get; init; }

    /// <summary>The AWS region code, as given (may be empty when the caller did not know it).</summary>
    public required string Region { get; init; }

    /// <summary>What the instances are billed for.</summary>
    public required InstanceUsage Usage { get; init; }

    /// <summary>The list price of one instance, in US dollars per hour; <see langword="null"/> when the price is unknown.</summary>
    public decimal? UsdPerHour { get; init; }

    /// <summary>The price of all <see cref="InstanceCount"/> instances for one hour; <see langword="null"/> when the price is unknown.</summary>
    public decimal? FleetUsdPerHour => UsdPerHour * InstanceCount;

    /// <summary>Instance-hours billed (training only): billable seconds × instance count ÷ 3600; <see langword="null"/> for endpoints or when the billable time is unknown.</summary>
    public decimal? InstanceHours { get; init; }

    /// <summary>What the training job cost: <see cref="InstanceHours"/> × <see cref="UsdPerHour"/>; <see langword="null"/> for endpoints or when unknown.</summary>
    public decimal? TotalUsd { get; init; }

    /// <summary>What the endpoint costs a month (endpoints only): <see cref="UsdPerHour"/> × <see cref="InstanceCount"/> × <see cref="EndpointCost.HoursPerMonth"/>; <see langword="null"/> otherwise.</summary>
    public decimal? UsdPerMonth { get; init; }

    /// <summary>Whether the price table had a price for this instance type, region and use.</summary>
    public bool IsPriceKnown => UsdPerHour is not null;

    /// <summary>Why a figure is missing (no price in the table, or no billable time yet); <see langword="null"/> when every figure for this kind of cost is there.</summary>
    public string? UnknownReason { get; init; }

    /// <summary>Where the price comes from (a URL of AWS's price list or pricing page); <see langword="null"/> when the price is unknown.</summary>
    public string? Source { get; init; }

    /// <summary>The date the price table's figures were gathered; <see langword="null"/> when the price is unknown.</summary>
    public DateOnly? AsOf { get; init; }

    /// <summary>Where this very price was found, when the table says.</summary>
    public string? Evidence { get; init; }

    /// <summary>Formats US dollars for a person: two decimals from a cent up (<c>$0.12</c>, <c>$1,234.50</c>), four significant digits below (<c>$0.003194</c>).</summary>
    /// <param name="usd">The amount.</param>
    /// <returns>The amount with a dollar sign, in the invariant culture.</returns>
    public static string FormatUsd(decimal usd)
    {
        var magnitude = Math.Abs(usd);
        if (magnitude == 0m || magnitude >= 0.01m)
        {
            return (usd < 0 ? "-$" : "$") + magnitude.ToString("#,0.00", CultureInfo.InvariantCulture);
        }

        // Sub-cent amounts (a few seconds on a small instance) would all show as $0.00; keep four significant digits.
        var leadingZeros = (int)Math.Floor(-Math.Log10((double)magnitude));
        var decimals = Math.Min(leadingZeros + 4, 28);
        var rounded = Math.Round(magnitude, decimals, MidpointRounding.AwayFromZero);
        return (usd < 0 ? "-$" : "$") + rounded.ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
    }

    /// <summary>One line for a report, in the invariant culture, such as <c>2 × ml.m5.large in us-east-1 (Training): 2 instance-hours × $0.115/h = $0.23</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{InstanceCount} × {Show(InstanceType)} in {Show(Region)} ({Usage}): ");
        if (UsdPerHour is not { } rate)
        {
            return line.Append("price unknown").Append(UnknownReason is null ? string.Empty : $" ({UnknownReason})").ToString();
        }

        if (Usage == InstanceUsage.Training)
        {
            if (InstanceHours is { } hours && TotalUsd is { } total)
            {
                line.Append(CultureInfo.InvariantCulture, $"{FormatHours(hours)} instance-hours × {FormatRate(rate)}/h = {FormatUsd(total)}");
            }
            else
            {
                line.Append(CultureInfo.InvariantCulture, $"{FormatRate(rate)}/h per instance; total unknown").Append(UnknownReason is null ? string.Empty : $" ({UnknownReason})");
            }
        }
        else
        {
            line.Append(CultureInfo.InvariantCulture, $"{FormatRate(rate)}/h per instance, {FormatUsd(FleetUsdPerHour!.Value)}/h in all");
            if (UsdPerMonth is { } month)
            {
                line.Append(CultureInfo.InvariantCulture, $", {FormatUsd(month)}/month ({EndpointCost.HoursPerMonth} h)");
            }
        }

        if (AsOf is { } asOf)
        {
            line.Append(CultureInfo.InvariantCulture, $"; on-demand list price as of {asOf:yyyy-MM-dd}");
        }

        return line.ToString();
    }

    // A list price such as 0.7364 must show whole: rounding it to cents would misstate the rate.
    /// <summary>Formats an hourly rate as AWS lists it: at least two decimals, up to four (<c>$0.115</c>, <c>$0.7364</c>).</summary>
    /// <param name="usdPerHour">The rate.</param>
    /// <returns>The rate with a dollar sign, without the unit.</returns>
    public static string FormatRate(decimal usdPerHour) => "$" + usdPerHour.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Formats instance-hours with up to four decimals (<c>0.0003</c>, <c>2</c>).</summary>
    /// <param name="hours">The hours.</param>
    /// <returns>The number, without the unit.</returns>
    public static string FormatHours(decimal hours) => hours.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Show(string value) => string.IsNullOrWhiteSpace(value) ? "(unknown)" : value;
}
