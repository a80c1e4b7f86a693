using Lucene.Net.Documents;

namespace Hindsight.Search;

/// <summary>The Lucene field names of one indexed message: the one list, shared by the writer and the searcher.</summary>
internal static class SearchFields
{
    /// <summary>The file the message came from: re-read, re-derived or forgotten files replace or delete their documents by it.</summary>
    public const string File = "file";
    public const string Line = "line";
    public const string Block = "block";
    public const string Kind = "kind";
    public const string Project = "project";
    public const string Session = "session";
    public const string Agent = "agent";
    /// <summary>Milliseconds since the Unix epoch (UTC), numeric for --since and stored for the hit.</summary>
    public const string Time = "time";

    /// <summary>
    /// Bits per indexed term of <see cref="Time"/>: 4 terms per message instead of the 16 that Lucene's default step of 4
    /// writes (nearly all distinct, they made a first indexing of the seed corpus about 0.3 CPU-s slower); a --since
    /// range still enumerates only a few thousand terms. A multiple of the default 4, so an index written before at 4 holds every
    /// term a range query at 16 looks up: no re-indexing needed. The writer and the searcher must use the same one.
    /// </summary>
    public const int TimePrecisionStep = 16;

    /// <summary>How <see cref="Time"/> is indexed and stored.</summary>
    public static readonly FieldType TimeType = new FieldType(Int64Field.TYPE_STORED) { NumericPrecisionStep = TimePrecisionStep }.Freeze();
    /// <summary>The message's redacted text, tokenised and stored (the snippet is cut from it).</summary>
    public const string Text = "text";
    /// <summary>A human prompt's corrected text (stage 4), when it differs: searched beside the original.</summary>
    public const string Corrected = "corrected";

    /// <summary>The fields a query's words are looked up in.</summary>
    public static readonly string[] Searched = [Text, Corrected];

    /// <summary>The commit's user data key holding the index's id, which the warehouse's watermark names.</summary>
    public const string IndexIdCommitKey = "hindsight.index_id";
}
