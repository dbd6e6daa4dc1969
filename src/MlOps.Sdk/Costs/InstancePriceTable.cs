using System.Globalization;
using System.Text.Json;

namespace MlOps.Sdk.Costs;

/// <summary>
/// SageMaker on-demand instance prices by region, instance type and use, read from a JSON price table.
/// </summary>
/// <remarks>
/// The SDK ships one (<see cref="Default"/>) as an embedded resource. It holds only figures someone found a source
/// for: a region or instance type missing from it is "price unknown", never a guess.
/// The JSON is read with <see cref="JsonDocument"/> rather than a serializer so the table stays usable from
/// NativeAOT-published stage scripts without generated contracts.
/// </remarks>
public sealed class InstancePriceTable
{
    /// <summary>The manifest name of the embedded table shipped with the SDK.</summary>
    public const string DefaultResourceName = "MlOps.Sdk.Costs.sagemaker-on-demand-prices.json";

    private static readonly Lazy<InstancePriceTable> DefaultTable = new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<(string Region, string InstanceType, InstanceUsage Usage), InstancePrice> _prices;
    private readonly HashSet<string> _regions;

    private InstancePriceTable(
        string source,
        DateOnly asOf,
        string notice,
        IReadOnlyDictionary<string, string> regionSources,
        List<InstancePrice> prices)
    {
        Source = source;
        AsOf = asOf;
        Notice = notice;
        RegionSources = regionSources;
        Prices = prices;
        _prices = prices.ToDictionary(p => Key(p.Region, p.InstanceType, p.Usage));
        _regions = new HashSet<string>(prices.Select(p => p.Region), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table shipped with the SDK, loaded once on first use.</summary>
    public static InstancePriceTable Default => DefaultTable.Value;

    /// <summary>Where the prices come from (a URL of AWS's price list or pricing page).</summary>
    public string Source { get; }

    /// <summary>The date the figures were gathered.</summary>
    public DateOnly AsOf { get; }

    /// <summary>What the prices are and are not (for example: list prices, excluding storage, data transfer and taxes), for a report's footnote.</summary>
    public string Notice { get; }

    /// <summary>Where each region's figures came from, by region code; regions the table says nothing about are absent.</summary>
    public IReadOnlyDictionary<string, string> RegionSources { get; }

    /// <summary>Every price in the table, in file order.</summary>
    public IReadOnlyList<InstancePrice> Prices { get; }

    /// <summary>Reads and validates a price table.</summary>
    /// <param name="json">The table's JSON (UTF-8). The stream is read to its end and left open.</param>
    /// <returns>The table.</returns>
    /// <exception cref="MlOpsValidationException">
    /// The JSON is malformed, or an entry breaks a rule: a missing field, a negative price, an unknown usage, or the
    /// same region, instance type and usage twice. <see cref="MlOpsValidationException.FieldName"/> names the field,
    /// such as <c>prices[3].usdPerHour</c>, and the message names the entry.
    /// </exception>
    public static InstancePriceTable Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException error)
        {
            throw new MlOpsValidationException("priceTable", $"must be valid JSON ({error.Message})");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    /// <summary>Finds the price of an instance type in a region for a use.</summary>
    /// <param name="region">The AWS region code, such as <c>us-east-1</c>; compared without regard to case.</param>
    /// <param name="instanceType">The SageMaker instance type, such as <c>ml.m5.large</c>; compared without regard to case.</param>
    /// <param name="usage">What the instance is billed for.</param>
    /// <returns>The price, or <see langword="null"/> when the table has none for that combination.</returns>
    public InstancePrice? Find(string region, string instanceType, InstanceUsage usage)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(instanceType);
        return _prices.GetValueOrDefault(Key(region, instanceType, usage));
    }

    /// <summary>Whether the table has any price at all for a region, which tells "region not covered" from "instance type not covered".</summary>
    /// <param name="region">The AWS region code; compared without regard to case.</param>
    /// <returns><see langword="true"/> when at least one entry is for that region.</returns>
    public bool CoversRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return _regions.Contains(region);
    }

    // Lower-casing the key (rather than a case-insensitive tuple comparer) keeps lookups on the plain tuple
    // equality; region codes and instance types are lower case in every AWS API anyway.
    private static (string, string, InstanceUsage) Key(string region, string instanceType, InstanceUsage usage) =>
        (region.Trim().ToLowerInvariant(), instanceType.Trim().ToLowerInvariant(), usage);

    private static InstancePriceTable LoadDefault()
    {
        using var stream = typeof(InstancePriceTable).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"The embedded price table {DefaultResourceName} is missing from {typeof(InstancePriceTable).Assembly.GetName().Name}.");
        return Load(stream);
    }

    private static InstancePriceTable Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new MlOpsValidationException("priceTable", "must be a JSON object");
        }

        var source = RequiredString(root, "source", "source");
        var asOfText = RequiredString(root, "asOf", "asOf");
        if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf))
        {
            throw new MlOpsValidationException("asOf", $"must be a date as yyyy-MM-dd (was '{asOfText}')");
        }

        var notice = RequiredString(root, "notice", "notice");
        var regionSources = ReadRegionSources(root);

        if (!root.TryGetProperty("prices", out var pricesElement) || pricesElement.ValueKind != JsonValueKind.Array)
        {
            throw new MlOpsValidationException("prices", "must be an array of price entries");
        }

        var prices = new List<InstancePrice>();
        var seen = new Dictionary<(string, string, InstanceUsage), int>();
        var index = 0;
        foreach (var entry in pricesElement.EnumerateArray())
        {
            var price = ReadEntry(entry, index, source, asOf);
            var key = Key(price.Region, price.InstanceType, price.Usage);
            if (seen.TryGetValue(key, out var first))
            {
                throw new MlOpsValidationException(
                    $"prices[{index}]",
                    $"duplicates prices[{first}]: {Describe(price.Region, price.InstanceType, price.Usage.ToString())} is listed twice");
            }

            seen[key] = index;
            prices.Add(price);
            index++;
        }

        return new InstancePriceTable(source, asOf, notice, regionSources, prices);
    }

    private static Dictionary<string, string> ReadRegionSources(JsonElement root)
    {
        var regionSources = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("regions", out var regions))
        {
            return regionSources;
        }

        if (regions.ValueKind != JsonValueKind.Object)
        {
            throw new MlOpsValidationException("regions", "must be an object of region code to source description");
        }

        foreach (var region in regions.EnumerateObject())
        {
            if (region.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(region.Value.GetString()))
            {
                throw new MlOpsValidationException($"regions.{region.Name}", "must be a non-empty string saying where the region's figures came from");
            }

            regionSources[region.Name] = region.Value.GetString()!;
        }

        return regionSources;
    }

    private static InstancePrice ReadEntry(JsonElement entry, int index, string source, DateOnly asOf)
    {
        var field = $"prices[{index}]";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new MlOpsValidationException(field, "must be an object");
        }

        var region = RequiredString(entry, "region", $"{field}.region");
        var instanceType = RequiredString(entry, "instanceType", $"{field}.instanceType");
        var usageText = RequiredString(entry, "usage", $"{field}.usage");
        var entryName = Describe(region, instanceType, usageText);

        // Enum.TryParse would also accept numbers ("0") and case variants; a price table is data people edit by hand,
        // so only the exact names count.
        InstanceUsage usage;
        if (usageText == nameof(InstanceUsage.Training))
        {
            usage = InstanceUsage.Training;
        }
        else if (usageText == nameof(InstanceUsage.RealTimeInference))
        {
            usage = InstanceUsage.RealTimeInference;
        }
        else
        {
            throw new MlOpsValidationException(
                $"{field}.usage",
                $"must be {nameof(InstanceUsage.Training)} or {nameof(InstanceUsage.RealTimeInference)} (entry {entryName})");
        }

        if (!entry.TryGetProperty("usdPerHour", out var priceElement)
            || priceElement.ValueKind != JsonValueKind.Number
            || !priceElement.TryGetDecimal(out var usdPerHour))
        {
            throw new MlOpsValidationException($"{field}.usdPerHour", $"must be a number of US dollars per instance-hour (entry {entryName})");
        }

        if (usdPerHour < 0)
        {
            throw new MlOpsValidationException(
                $"{field}.usdPerHour",
                $"must not be negative (entry {entryName} has {usdPerHour.ToString(CultureInfo.InvariantCulture)})");
        }

        string? evidence = null;
        if (entry.TryGetProperty("evidence", out var evidenceElement))
        {
            if (evidenceElement.ValueKind != JsonValueKind.String)
            {
                throw new MlOpsValidationException($"{field}.evidence", $"must be a string (entry {entryName})");
            }

            evidence = evidenceElement.GetString();
        }

        return new InstancePrice
        {
            Region = region.Trim(),
            InstanceType = instanceType.Trim(),
            Usage = usage,
            UsdPerHour = usdPerHour,
            Source = source,
            AsOf = asOf,
            Evidence = evidence,
        };
    }

    private static string RequiredString(JsonElement element, string property, string field)
    {
        if (!element.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new MlOpsValidationException(field, "is required and must be a non-empty string");
        }

        return value.GetString()!;
    }

    private static string Describe(string region, string instanceType, string usage) => $"{instanceType} in {region} for {usage}";
}
