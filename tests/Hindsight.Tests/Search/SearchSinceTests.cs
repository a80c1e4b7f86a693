using System.Globalization;
using Hindsight.Search;
using Hindsight.Testing;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Hindsight.Tests.Search;

/// <summary>
/// --since over the time field: messages indexed at the current precision step and messages an earlier release
/// indexed at Lucene's default one (4) answer the same range query, so an existing index needs no re-indexing.
/// </summary>
public sealed class SearchSinceTests
{
    private static DateTimeOffset At(string day) => DateTimeOffset.Parse(day + "T12:00:00Z", CultureInfo.InvariantCulture);

    /// <summary>A message as the release before wrote it: its time at Lucene's default precision step.</summary>
    private static Document Earlier(string file, string day) =>
    [
        new StringField(SearchFields.File, file, Field.Store.YES),
        new StringField(SearchFields.Kind, "human_prompt", Field.Store.YES),
        new TextField(SearchFields.Text, "rotate the needle", Field.Store.YES),
        new Int64Field(SearchFields.Time, At(day).ToUnixTimeMilliseconds(), Field.Store.YES),
    ];

    private static SearchDocument Current(string file, string day) =>
        new(file, 1, null, "human_prompt", "-home-ana-shop", null, "claude_code", At(day), "rotate the needle", null);

    [Theory]
    [InlineData("2026-02-01", "old-mar01 new-mar02 old-mar10 new-mar12")]
    [InlineData("2026-03-02", "new-mar02 old-mar10 new-mar12")]
    [InlineData("2026-03-05", "old-mar10 new-mar12")]
    [InlineData("2026-03-11", "new-mar12")]
    [InlineData("2026-04-01", "")]
    public void Since_finds_messages_written_at_either_precision_step_from_that_day_on(string since, string expected)
    {
        using var dir = new TempDirectory();
        using (var directory = FSDirectory.Open(dir.Path))
        using (var analyzer = SearchAnalyzer.Create())
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, analyzer) { Similarity = new BM25Similarity() }))
        {
            var fields = new SearchDocumentFields();
            writer.AddDocument(Earlier("old-mar01", "2026-03-01"));
            writer.AddDocument(fields.Of(Current("new-mar02", "2026-03-02")));
            writer.AddDocument(Earlier("old-mar10", "2026-03-10"));
            writer.AddDocument(fields.Of(Current("new-mar12", "2026-03-12")));
            writer.Commit();
        }

        using var searcher = MessageSearcher.Open(dir.Path);
        var result = searcher.Search(new SearchRequest { Query = "needle", Since = DateTimeOffset.Parse(since + "T00:00:00Z", CultureInfo.InvariantCulture) });

        Assert.Equal(expected, string.Join(' ', result.Hits.Select(h => h.FileId).OrderBy(f => f[^5..], StringComparer.Ordinal)));
    }
}
