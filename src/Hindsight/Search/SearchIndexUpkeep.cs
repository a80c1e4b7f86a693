using DuckDB.NET.Data;
using Hindsight.Stages;
using Hindsight.Warehouse;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Hindsight.Search;

/// <summary>
/// Keeps a warehouse's search index equal to its messages: the documents of every file whose indexed rows changed
/// since the watermark (new, appended, re-read, re-derived, re-corrected or re-redacted files) are replaced, and those
/// of files that have none left (forgotten) deleted. The index commits first and the watermark follows in one
/// transaction, so a crash between the two leaves the watermark behind (the next upkeep redoes those files, which
/// replacing makes harmless), never ahead. An index that is missing, or is not the one the watermark names, is built again whole.
/// </summary>
public sealed class SearchIndexUpkeep(Warehouse.Warehouse warehouse, string indexFolder)
{
    /// <summary>Text beyond this many characters of one message is neither searchable nor stored (a pasted log, a large tool output).</summary>
    public const int MaxIndexedChars = 32_768;

    /// <summary>Characters of a tool result indexed: its head (an error, the first lines of an output), not a whole file it printed.</summary>
    public const int ToolResultChars = 2_048;

    /// <summary>
    /// About how many bytes of transcripts (and at most how many files) one documents statement reads: what bounds its
    /// memory. A file larger than that is a slice of its own; its documents are its messages' texts and its tool results'
    /// heads, a small part of its bytes.
    /// </summary>
    private const long SliceBytes = 64L << 20;
    private const int SliceFiles = 500;

    /// <summary>Bumped when what a document holds changes, so that every file is indexed again.</summary>
    private const string IndexFormat = "search-1";

    public async Task<SearchUpkeepResult> RunAsync(bool rebuild, CancellationToken cancellationToken)
    {
        var session = warehouse.Session;
        var recordedId = await session.ScalarAsync<string>(SearchSql.IndexId, cancellationToken);
        var committed = new StageInputs(warehouse, CommitStateRow);
        await session.ExecuteAsync(SearchSql.CurrentFiles, cancellationToken, new DuckDBParameter("with", $"{IndexFormat}/{ToolResultChars}/{Secrets.SecretRedactor.Version}"));
        Lucene.Net.Store.Directory? directory = null;
        try
        {
            // The index folder still ends in the commit the watermark was recorded with (`forget` clears that row): its id
            // is the watermark's and it holds no file the watermark does not, so Lucene is opened only to write, and a
            // re-run on unchanged transcripts does not open it at all.
            bool verified = !rebuild && recordedId is not null
                && await committed.UnchangedSinceLastRunAsync(CommitSignature(recordedId, LastCommit(indexFolder)), cancellationToken);
            directory = verified ? null : FSDirectory.Open(indexFolder);
            var indexId = verified ? recordedId : CommittedIndexId(directory!);
            rebuild |= recordedId is null || indexId is null || indexId != recordedId;
            if (rebuild) indexId = Guid.NewGuid().ToString();
            await session.ExecuteAsync(SearchSql.ChangedFiles, cancellationToken, new DuckDBParameter("rebuild", rebuild));
            var changedSizes = await session.ReadAsync(SearchSql.ChangedFileSizes, row => (File: row.GetString("file_id"), Bytes: row.GetInt64("bytes")), cancellationToken);
            var changed = changedSizes.Select(c => c.File).ToList();
            var watermarkGone = await session.ReadAsync(SearchSql.GoneFileIds, row => row.GetString("file_id"), cancellationToken);
            var indexedGone = rebuild || verified ? [] : await IndexedButNotCurrentAsync(directory!, cancellationToken);
            var gone = watermarkGone.Concat(indexedGone).Distinct(StringComparer.Ordinal).ToList();
            if (!rebuild && changed.Count == 0 && gone.Count == 0)
            {
                // The index is the watermark's and holds what it says: the next unchanged upkeep need not open it again
                // (a warehouse from before the row existed gets it here, not only after a change).
                if (!verified) await committed.RememberAsync(CommitSignature(indexId!, LastCommit(indexFolder)), Guid.Empty, cancellationToken);
                return new SearchUpkeepResult(false, 0, 0, 0, FolderBytes(indexFolder));
            }
            directory ??= FSDirectory.Open(indexFolder);

            long added = 0;
            using (var analyzer = SearchAnalyzer.Create())
            using (var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzer.Version, analyzer)
            {
                OpenMode = rebuild ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
                RAMBufferSizeMB = 32,
                // The searcher ranks by BM25: the lengths it reads are written by the same similarity.
                Similarity = new BM25Similarity(),
            }))
            {
                // Deletes first: a delete by term removes only documents added before it.
                foreach (var fileId in changed.Concat(gone)) writer.DeleteDocuments(new Term(SearchFields.File, fileId));
                var document = new SearchDocumentFields();
                // Slices in file id order, each in its own order: the documents come in the order one statement gave.
                foreach (var slice in Slices(changedSizes))
                {
                    await foreach (var row in session.StreamAsync(SearchSql.ChangedDocuments, cancellationToken,
                        new DuckDBParameter("tool_chars", ToolResultChars), new DuckDBParameter("files", slice)))
                    {
                        writer.AddDocument(document.Of(Read(row)));
                        added++;
                    }
                }
                writer.SetCommitData(new Dictionary<string, string> { [SearchFields.IndexIdCommitKey] = indexId! });
                writer.Commit();
            }

            using (var transaction = session.BeginTransaction())
            {
                if (rebuild) await session.ExecuteAsync(SearchSql.ForgetAllFiles, cancellationToken);
                else await session.ExecuteAsync(SearchSql.ForgetChangedAndGone, cancellationToken);
                await session.ExecuteAsync(SearchSql.RememberChanged, cancellationToken);
                await session.ExecuteAsync(SearchSql.ForgetIndexId, cancellationToken);
                await session.ExecuteAsync(SearchSql.RememberIndexId, cancellationToken, new DuckDBParameter("index_id", indexId));
                // No run id: `search --reindex` keeps the index outside any run.
                await committed.RememberAsync(CommitSignature(indexId!, LastCommit(indexFolder)), Guid.Empty, cancellationToken);
                transaction.Commit();
            }
            return new SearchUpkeepResult(rebuild, changed.Count, gone.Count, added, FolderBytes(indexFolder));
        }
        finally
        {
            directory?.Dispose();
            await session.ExecuteAsync(SearchSql.DropTemporary, CancellationToken.None);
        }
    }

    /// <summary>The changed files cut, in their order, into slices of about <see cref="SliceBytes"/> and at most <see cref="SliceFiles"/> files.</summary>
    internal static IEnumerable<List<string>> Slices(IEnumerable<(string File, long Bytes)> files)
    {
        var slice = new List<string>();
        long bytes = 0;
        foreach (var (file, size) in files)
        {
            if (slice.Count > 0 && (bytes + size > SliceBytes || slice.Count >= SliceFiles))
            {
                yield return slice;
                (slice, bytes) = ([], 0);
            }
            slice.Add(file);
            bytes += size;
        }
        if (slice.Count > 0) yield return slice;
    }

    /// <summary>
    /// The <c>stage_state</c> row that names the index commit the watermark was last recorded with (the index's id, its
    /// segments file's name and hash): a row of its own beside stage 4's scrub (12) and stage 1's redaction upgrade (11).
    /// </summary>
    private const int CommitStateRow = 13;

    private static string CommitSignature(string indexId, string lastCommit) => $"{IndexFormat}|{indexId}|{lastCommit}";

    /// <summary>
    /// The folder's newest commit, named by Lucene's own rule from the file names alone, and a hash of its segments file
    /// (which lists the commit's segments and holds the index's id): another index put in this one's place differs.
    /// Reading that one small file is what lets an unchanged run leave Lucene unopened.
    /// </summary>
    private static string LastCommit(string folder)
    {
        if (!System.IO.Directory.Exists(folder)) return "none";
        var name = SegmentInfos.GetLastCommitSegmentsFileName(System.IO.Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).ToArray());
        if (name is null) return "none";
        try
        {
            return $"{name}:{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, name))))}";
        }
        catch (IOException)
        {
            // Gone or being replaced while read: not the commit the watermark names.
            return "unreadable";
        }
    }

    /// <summary>The id in the index's last commit; null when there is no index (never built, or its folder removed).</summary>
    private static string? CommittedIndexId(Lucene.Net.Store.Directory directory)
    {
        if (!DirectoryReader.IndexExists(directory)) return null;
        var commits = DirectoryReader.ListCommits(directory);
        return commits.Count > 0 && commits[^1].UserData.TryGetValue(SearchFields.IndexIdCommitKey, out var id) ? id : null;
    }

    /// <summary>Files with documents in the index that have no indexed rows in the warehouse now (the index ahead of its watermark).</summary>
    private async Task<List<string>> IndexedButNotCurrentAsync(Lucene.Net.Store.Directory directory, CancellationToken cancellationToken)
    {
        var current = (await warehouse.Session.ReadAsync(SearchSql.CurrentFileIds, row => row.GetString("file_id"), cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return [.. IndexedFiles(directory).Where(f => !current.Contains(f))];
    }

    /// <summary>Every file that has documents in the index (a file's term stays until its segment merges away, so only live ones count).</summary>
    private static List<string> IndexedFiles(Lucene.Net.Store.Directory directory)
    {
        var files = new List<string>();
        using var reader = DirectoryReader.Open(directory);
        var terms = MultiFields.GetTerms(reader, SearchFields.File);
        if (terms is null) return files;
        var liveDocs = MultiFields.GetLiveDocs(reader);
        var each = terms.GetEnumerator();
        DocsEnum? docs = null;
        while (each.MoveNext())
        {
            docs = each.Docs(liveDocs, docs, DocsFlags.NONE);
            if (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS) files.Add(each.Term.Utf8ToString());
        }
        return files;
    }

    private static SearchDocument Read(WarehouseRow row) => new(
        row.GetString("file_id"),
        row.GetInt64("line_no"),
        row.GetInt32OrNull("block_index"),
        row.GetString("kind"),
        row.GetString("project"),
        row.GetStringOrNull("session_id"),
        row.GetString("agent"),
        row.GetTimestampOrNull("timestamp_utc"),
        row.GetString("text"),
        row.GetStringOrNull("corrected_text"));

    /// <summary>The text cut to <see cref="MaxIndexedChars"/>, never between the two halves of a surrogate pair.</summary>
    internal static string Bounded(string text)
    {
        if (text.Length <= MaxIndexedChars) return text;
        int end = char.IsHighSurrogate(text[MaxIndexedChars - 1]) ? MaxIndexedChars - 1 : MaxIndexedChars;
        return text[..end];
    }

    internal static long FolderBytes(string folder) =>
        System.IO.Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length) : 0;
}
