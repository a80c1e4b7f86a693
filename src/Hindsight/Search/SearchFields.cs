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
    /// <summary>The message's redacted text, tokenised and stored (the snippet is cut from it).</summary>
    public const string Text = "text";
    /// <summary>A human prompt's corrected text (stage 4), when it differs: searched beside the original.</summary>
    public const string Corrected = "corrected";

    /// <summary>The fields a query's words are looked up in.</summary>
    public static readonly string[] Searched = [Text, Corrected];

    /// <summary>The commit's user data key holding the index's id, which the warehouse's watermark names.</summary>
    public const string IndexIdCommitKey = "hindsight.index_id";
}
