using System.Text.Json;
using Hindsight.Sampling.Tests.Support;

namespace Hindsight.Sampling.Tests;

public sealed class TruthTests(SmallCorpus corpus)
{
    [Fact]
    public void Every_typed_text_corrects_to_its_expected_text_with_the_typo_table()
    {
        Assert.NotEmpty(corpus.Truth);
        Assert.All(corpus.Truth, t =>
        {
            Assert.Equal(t.Expected, corpus.Typos.Correct(t.Typed));
            Assert.Equal(t.Expected, corpus.Typos.Correct(t.Expected));
            Assert.Equal(t.Typos.Count > 0, t.Typed != t.Expected);
        });
    }

    [Fact]
    public void Each_recorded_typo_is_a_table_misspelling_of_the_word_it_replaced()
    {
        var edits = corpus.Truth.SelectMany(t => t.Typos).ToList();

        Assert.NotEmpty(edits);
        Assert.All(edits, edit => Assert.Equal(edit.Expected, corpus.Typos.Correct(edit.Typed)));
        Assert.All(edits, edit => Assert.True(corpus.Typos.Corrections.ContainsKey(edit.Typed), $"'{edit.Typed}' is not in the table"));
    }

    [Fact]
    public void About_a_third_of_the_texts_have_typos()
    {
        var share = (double)corpus.Truth.Count(t => t.Typos.Count > 0) / corpus.Truth.Count;

        Assert.InRange(share, 0.2, 0.5);
    }

    [Fact]
    public void Prompts_with_code_URLs_paths_and_secrets_are_among_them()
    {
        Assert.Contains(corpus.Truth, t => t.HasCode && t.Typed.Contains("```", StringComparison.Ordinal));
        Assert.Contains(corpus.Truth, t => t.HasUrl);
        Assert.Contains(corpus.Truth, t => t.HasPath);
        Assert.Contains(corpus.Truth, t => t.HasSecret);
        Assert.Contains(corpus.Truth, t => t.Kind == "steering" && t.Uuid is not null);
        Assert.Contains(corpus.Truth, t => t.Kind == "steering" && t.Uuid is null);
    }

    [Fact]
    public void Secrets_appear_only_in_texts_marked_as_having_one()
    {
        var declared = corpus.Truth.Where(t => t.HasSecret)
            .SelectMany(t => CorpusRecount.SecretPattern().Matches(t.Typed).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.All(corpus.Truth.Where(t => t.HasSecret), t => Assert.Matches(CorpusRecount.SecretPattern(), t.Typed));
        Assert.All(corpus.Truth.Where(t => !t.HasSecret), t => Assert.DoesNotMatch(CorpusRecount.SecretPattern(), t.Typed));
        Assert.NotEmpty(corpus.Recount.SecretMatches);
        Assert.All(corpus.Recount.SecretMatches, secret => Assert.Contains(secret, declared));
        Assert.All(declared, secret => Assert.Contains("FAKE", secret, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_truth_record_points_at_the_line_that_holds_it()
    {
        Assert.Equal(corpus.Truth.Count, corpus.Truth.Select(t => (t.File, t.Line)).Distinct().Count());
        Assert.All(corpus.Truth, t =>
        {
            var file = corpus.Recount.File(t.File);
            var line = file.Records.Single(r => r.Number == t.Line);
            using var document = JsonDocument.Parse(line.Raw);
            var root = document.RootElement;
            Assert.Equal(t.SessionId, root.GetProperty("sessionId").GetString());
            if (t.Kind == "prompt")
            {
                Assert.Equal(("user", t.Uuid), (line.Type, line.Uuid));
                var content = root.GetProperty("message").GetProperty("content");
                var texts = content.ValueKind == JsonValueKind.String
                    ? [content.GetString()]
                    : content.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "text").Select(b => b.GetProperty("text").GetString());
                Assert.Contains(t.Typed, texts);
                return;
            }
            Assert.Equal(("queue-operation", "enqueue"), (line.Type, root.GetProperty("operation").GetString()));
            Assert.Contains(t.Typed, root.GetProperty("content").ToString(), StringComparison.Ordinal);
            if (t.Uuid is not null)
            {
                var queued = file.Records.Single(r => r.Uuid == t.Uuid);
                using var attachment = JsonDocument.Parse(queued.Raw);
                Assert.Equal("queued_command", attachment.RootElement.GetProperty("attachment").GetProperty("type").GetString());
                Assert.Equal(t.Typed, attachment.RootElement.GetProperty("attachment").GetProperty("prompt").GetString());
            }
        });
    }
}
