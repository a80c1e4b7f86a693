using Hindsight.Warehouse;

namespace Hindsight.Stages.Clean;

/// <summary>
/// The part of classification that depends on a record's whole file, applied once the file is stored (stage 1
/// classifies each record as it reads it, before it has seen the rest of the file):
/// <list type="bullet">
/// <item>a line without a sessionId (summary, file-history snapshot, ...) belongs to its file's session: the last
/// sessionId written in the file (a resumed file starts with lines replayed under the old one), or, in a file with no
/// sessionId at all, the session its place in the layout gives (<see cref="FileSession"/>);</item>
/// <item>a Claude Code prompt with nothing but its plain text to speak for it has medium confidence in a file whose
/// other prompts carry origin (<see cref="Sources.ClaudeCode.MessageClassifier.OriginMissingReason"/>).</item>
/// </list>
/// Both only ever change rows not yet settled (a null session, a <c>plain_text</c> reason in a file with origin), so
/// running them again changes nothing, and a run killed between stage 1 and here is completed by the next.
/// </summary>
internal sealed class FileWideClassification(Warehouse.Warehouse warehouse)
{
    private static readonly TableLayout<(string FileId, string SessionId)> FileSessions =
        new TableLayout<(string FileId, string SessionId)>(CleanSql.FileWide.SessionsTable)
            .Text("file_id", f => f.FileId)
            .Text("session_id", f => f.SessionId);

    /// <returns>The message rows given their file's session, and the prompts whose confidence the file lowered.</returns>
    public async Task<(long Sessions, long OriginMissing)> ApplyAsync(CancellationToken cancellationToken)
    {
        var session = warehouse.Session;
        // One row per file with rows lacking a session: few files, read whole (the layout's fallback is C#).
        var files = await session.ReadAsync(CleanSql.FileWide.FilesWithoutSession,
            row => (row.GetString("file_id"), row.GetStringOrNull("session_id") ?? FileSession.Of(row.GetString("relative_path"))), cancellationToken);
        long sessions = 0;
        using var transaction = session.BeginTransaction();
        if (files.Count > 0)
        {
            await warehouse.ExecuteAsync(FileSessions.CreateTempTableSql, cancellationToken);
            using (var writer = session.Writer(FileSessions)) writer.AppendAll(files);
            sessions = await warehouse.ExecuteAsync(CleanSql.FileWide.FillSessions, cancellationToken);
            await warehouse.ExecuteAsync(CleanSql.FileWide.DropSessions, cancellationToken);
        }
        long originMissing = await warehouse.ExecuteAsync(CleanSql.FileWide.OriginMissing, cancellationToken);
        transaction.Commit();
        return (sessions, originMissing);
    }
}
