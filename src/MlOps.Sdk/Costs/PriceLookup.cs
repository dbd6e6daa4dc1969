namespace MlOps.Sdk.Costs;

/// <summary>Finds a price for a cost computation, or says in words why there is none.</summary>
internal static class PriceLookup
{
    internal static (InstancePrice? Price, string? UnknownReason) Find(InstancePriceTable table, string? region, string? instanceType, InstanceUsage usage)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return (null, "the region is not known");
        }

        if (string.IsNullOrWhiteSpace(instanceType))
        {
            return (null, "the instance type is not known");
        }

        if (table.Find(region, instanceType, usage) is { } price)
        {
            return (price, null);
        }

        // Saying which of the two is missing tells the reader whether a whole region or one type needs adding.
        return table.CoversRegion(region)
            ? (null, $"the price table has no {usage} price for {instanceType} in {region}")
            : (null, $"the price table has no prices for region {region}");
    }
}
