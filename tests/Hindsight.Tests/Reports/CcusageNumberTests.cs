using Hindsight.Reports;

namespace Hindsight.Tests.Reports;

/// <summary>The spellings are ccusage 20.0.24's own output, measured (tools/ccusage/README.md, section 1).</summary>
public sealed class CcusageNumberTests
{
    [Theory]
    [InlineData(0.60896205, "0.60896205")]
    [InlineData(0.6982101000000001, "0.6982101000000001")]
    [InlineData(0.00003, "0.00003")]
    [InlineData(1e-6, "1e-6")]
    [InlineData(1.0000000000000001e-7, "1.0000000000000001e-7")]
    [InlineData(3.0, "3.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(23.12501225, "23.12501225")]
    public void A_breakdown_cost_is_written_as_ccusage_writes_it(double value, string expected) =>
        Assert.Equal(expected, CcusageNumber.Cost(value));

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(0.0, "0")]
    [InlineData(1e-6, "1e-6")]
    [InlineData(2.3561294999999998, "2.3561294999999998")]
    public void An_integral_total_cost_is_written_without_a_fraction(double value, string expected) =>
        Assert.Equal(expected, CcusageNumber.TotalCost(value));

    [Fact]
    public void A_sum_keeps_the_digits_that_make_it_round_trip()
    {
        double sum = 120 * 0.25e-6;

        Assert.Equal(sum, double.Parse(CcusageNumber.Cost(sum), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0.000029999999999999997", CcusageNumber.Cost(sum));
    }
}
