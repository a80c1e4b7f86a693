using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Hindsight.Search;

/// <summary>
/// How texts and queries are split into words: Unicode word boundaries, lower-cased, with no stop words, so that a
/// phrase query means the words exactly as written ("fix the bug" does not match "fix a bug") and every word is
/// findable. The same analyzer indexes and parses, or phrases would not line up.
/// </summary>
internal static class SearchAnalyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer Create() => new StandardAnalyzer(Version, CharArraySet.Empty);
}
