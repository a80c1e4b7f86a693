using System.Diagnostics;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Hindsight.Search;

/// <summary>
/// Searches a warehouse's index: BM25 ranking over the original and corrected texts, Lucene's classic query syntax
/// (all words must occur unless OR is written; "a phrase"; prefix*), filters by project, kind and time, and a
/// highlighted snippet per hit. Reads the last commit only, so it never waits for, or blocks, the pipeline's upkeep.
/// The one way in for every caller (the command line; the HTML report may reuse it).
/// </summary>
public sealed class MessageSearcher : IDisposable
{
    /// <summary>Characters of a snippet: about two lines of a terminal.</summary>
    public const int SnippetChars = 160;

    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly Analyzer _analyzer = SearchAnalyzer.Create();

    private MessageSearcher(FSDirectory directory, DirectoryReader reader)
    {
        _directory = directory;
        _reader = reader;
        _searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
    }

    /// <summary>Opens the index in <paramref name="folder"/>; <see cref="SearchIndexMissingException"/> when there is none.</summary>
    public static MessageSearcher Open(string folder)
    {
        if (!System.IO.Directory.Exists(folder)) throw new SearchIndexMissingException(folder);
        var directory = FSDirectory.Open(folder);
        if (!DirectoryReader.IndexExists(directory))
        {
            directory.Dispose();
            throw new SearchIndexMissingException(folder);
        }
        return new MessageSearcher(directory, DirectoryReader.Open(directory));
    }

    public SearchResult Search(SearchRequest request)
    {
        var clock = Stopwatch.StartNew();
        var query = Parse(request.Query);
        var filter = FilterOf(request);
        var top = filter is null ? _searcher.Search(query, Math.Max(1, request.Limit)) : _searcher.Search(query, filter, Math.Max(1, request.Limit));
        var highlighter = new Highlighter(new MarkingFormatter(), new QueryScorer(query))
        {
            TextFragmenter = new SimpleFragmenter(SnippetChars),
        };
        var hits = new List<SearchHit>(top.ScoreDocs.Length);
        foreach (var scored in top.ScoreDocs) hits.Add(HitOf(_searcher.Doc(scored.Doc), scored.Score, highlighter));
        return new SearchResult(top.TotalHits, hits, clock.Elapsed);
    }

    /// <summary>The query in Lucene's classic syntax over the text fields; a malformed one is a <see cref="SearchQueryException"/>.</summary>
    internal Query Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new SearchQueryException("the query is empty: give words, a \"phrase\" or a prefix*");
        var parser = new MultiFieldQueryParser(SearchAnalyzer.Version, SearchFields.Searched, _analyzer) { DefaultOperator = Operator.AND };
        try
        {
            return parser.Parse(text);
        }
        catch (Exception ex) when (ex is ParseException or BooleanQuery.TooManyClausesException or ArgumentException)
        {
            // The parser's first line says what it met and where; the rest is its list of what it expected.
            var first = ex.Message.Split('\n', 2)[0].Trim();
            throw new SearchQueryException($"the query cannot be parsed ({first}); quote a phrase with \"…\", escape special characters with \\", ex);
        }
    }

    private static Filter? FilterOf(SearchRequest request)
    {
        var filter = new BooleanQuery();
        if (request.Project is { Length: > 0 } project) filter.Add(new TermQuery(new Term(SearchFields.Project, project)), Occur.MUST);
        if (request.Kind is { Length: > 0 } kind) filter.Add(new TermQuery(new Term(SearchFields.Kind, kind)), Occur.MUST);
        if (request.Since is { } since)
            filter.Add(NumericRangeQuery.NewInt64Range(SearchFields.Time, SearchFields.TimePrecisionStep, since.ToUnixTimeMilliseconds(), null, true, true), Occur.MUST);
        return filter.Clauses.Count == 0 ? null : new QueryWrapperFilter(filter);
    }

    private SearchHit HitOf(Document document, float score, Highlighter highlighter)
    {
        var text = document.Get(SearchFields.Text) ?? "";
        var corrected = document.Get(SearchFields.Corrected);
        var snippet = Highlight(highlighter, SearchFields.Text, text);
        bool inCorrected = false;
        if (snippet.Matches.Count == 0 && corrected is not null)
        {
            var other = Highlight(highlighter, SearchFields.Corrected, corrected);
            if (other.Matches.Count > 0) (snippet, inCorrected) = (other, true);
        }
        long? time = document.GetField(SearchFields.Time)?.GetInt64Value();
        return new SearchHit(
            score,
            document.Get(SearchFields.Kind) ?? "",
            document.Get(SearchFields.Project) ?? "",
            document.Get(SearchFields.Session),
            document.Get(SearchFields.Agent) ?? "",
            time is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            document.Get(SearchFields.File) ?? "",
            document.GetField(SearchFields.Line)?.GetInt64Value() ?? 0,
            document.GetField(SearchFields.Block)?.GetInt32Value(),
            snippet,
            inCorrected);
    }

    /// <summary>The best stretch of <paramref name="text"/> with its matches marked; its beginning when nothing in it matched.</summary>
    private SearchSnippet Highlight(Highlighter highlighter, string field, string text)
    {
        var flat = SearchSnippet.Flatten(text);
        var marked = highlighter.GetBestFragment(_analyzer, field, flat);
        if (marked is not null) return SearchSnippet.FromMarked(marked);
        return new SearchSnippet(flat.Length <= SnippetChars ? flat : flat[..SnippetChars], []);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }

    /// <summary>Wraps each matched word in the snippet's private markers.</summary>
    private sealed class MarkingFormatter : IFormatter
    {
        public string HighlightTerm(string originalText, TokenGroup tokenGroup) =>
            tokenGroup.TotalScore > 0 ? $"{SearchSnippet.Open}{originalText}{SearchSnippet.Close}" : originalText;
    }
}
