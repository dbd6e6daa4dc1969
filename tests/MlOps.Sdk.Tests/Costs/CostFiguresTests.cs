using MlOps.Sdk.Costs;

namespace MlOps.Sdk.Tests.Costs;

public sealed class CostFiguresTests
{
    [Theory]
    [InlineData("0", "$0.00")]
    [InlineData("0.115", "$0.12")]
    [InlineData("0.01", "$0.01")]
    [InlineData("1234.5", "$1,234.50")]
    [InlineData("0.0031944", "$0.003194")]
    [InlineData("0.00031949", "$0.0003195")]
    [InlineData("0.005", "$0.005")]
    public void FormatUsd_Amount_UsesCentsOrFourSignificantDigits(string amount, string expected)
    {
        Assert.Equal(expected, CostFigures.FormatUsd(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void FormatUsd_UnderAnotherCulture_StaysInvariant()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");

            Assert.Equal("$1,234.50", CostFigures.FormatUsd(1234.5m));
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }
}
