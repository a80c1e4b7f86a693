namespace Hindsight.Stages.Identify;

/// <summary>
/// Cuts the sessions stage 3 computes again into slices of about a number of message rows, so that each slice's
/// statements work on a slice, not the corpus. The sessions come in session id order, the null session (rows without a
/// session id) first. A session is never split; a slice is closed once it holds the number of rows or more; a session
/// with no rows left (its entities are only removed) counts as one row. The null session opens the first slice, which
/// then takes the sessions after it as any slice does: the gate names those rows there.
/// </summary>
internal static class SessionSlicer
{
    /// <param name="sessions">Each session to compute again with its non-duplicate message rows, in session id order (null first).</param>
    /// <param name="rowsPerSlice">The rows after which a slice is closed.</param>
    public static List<IdentifiedFiles.Slice> Cut(IEnumerable<(string? Session, long MessageRows)> sessions, long rowsPerSlice)
    {
        var slices = new List<IdentifiedFiles.Slice>();
        long inSlice = 0;
        foreach (var (session, messageRows) in sessions)
        {
            if (session is null) { slices.Add(new IdentifiedFiles.Slice(null, null, WithoutSession: true)); continue; }
            if (slices.Count == 0 || inSlice >= rowsPerSlice) { slices.Add(new IdentifiedFiles.Slice(session, session, false)); inSlice = 0; }
            var last = slices[^1];
            slices[^1] = last with { First = last.First ?? session, Last = session };
            inSlice += Math.Max(1, messageRows);
        }
        return slices;
    }
}
