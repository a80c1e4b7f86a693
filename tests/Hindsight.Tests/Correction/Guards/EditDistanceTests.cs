using Hindsight.Correction.Guards;

namespace Hindsight.Tests.Correction.Guards;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("teh", "the", 2)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same text", "same text", 0)]
    public void Computes_the_Levenshtein_distance(string left, string right, int expected)
    {
        Assert.Equal(expected, EditDistance.Compute(left, right));
        Assert.Equal(expected, EditDistance.Compute(right, left));
    }

    [Fact]
    public void A_bounded_distance_above_the_limit_reports_limit_plus_one()
    {
        Assert.Equal(3, EditDistance.Bounded("abcdefgh", "zyxwvuts", 2));
    }

    [Fact]
    public void The_banded_computation_agrees_with_the_full_one_on_random_texts()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var left = RandomText(random, random.Next(0, 60));
            var right = Mutate(random, left, random.Next(0, 12));
            var full = Reference(left, right);
            var limit = random.Next(0, 20);

            Assert.Equal(full <= limit ? full : limit + 1, EditDistance.Bounded(left, right, limit));
        }
    }

    [Fact]
    public void A_small_fix_in_a_long_text_is_measured_exactly()
    {
        var text = string.Concat(Enumerable.Repeat("the quick brown fox jumps over teh lazy dog. ", 700));
        var fixedText = text.Replace("teh", "the", StringComparison.Ordinal);

        Assert.Equal(1400, EditDistance.Bounded(text, fixedText, (int)(0.3 * text.Length)));
    }

    private static string RandomText(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => "abcde "[random.Next(6)])]);

    private static string Mutate(Random random, string text, int edits)
    {
        var characters = text.ToList();
        for (var edit = 0; edit < edits; edit++)
        {
            var position = random.Next(characters.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    characters.Insert(position, "abcde "[random.Next(6)]);
                    break;
                case 1 when position < characters.Count:
                    characters.RemoveAt(position);
                    break;
                case 2 when position < characters.Count:
                    characters[position] = "abcde "[random.Next(6)];
                    break;
            }
        }

        return new string([.. characters]);
    }

    private static int Reference(string a, string b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            table[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            table[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                table[i, j] = Math.Min(Math.Min(table[i - 1, j] + 1, table[i, j - 1] + 1), table[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
        }

        return table[a.Length, b.Length];
    }
}
