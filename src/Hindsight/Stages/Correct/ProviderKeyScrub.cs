using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Hindsight.Correction.Providers;

namespace Hindsight.Stages.Correct;

/// <summary>
/// Removes the provider's own key (and any long piece of it) from the derived tables before stage 4 reads them: a key of
/// no known shape pasted into a prompt or printed by a tool matches no secret rule, but stage 4 knows the key it was
/// given. Content blocks and messages are searched with a cheap SQL pre-filter (fixed pieces of the key), and only when
/// records changed since the last search with the same key (a 32-bit hash of the key is all that is remembered).
/// </summary>
public sealed class ProviderKeyScrub(Warehouse.Warehouse warehouse, ApiKey key)
{
    /// <summary>The <c>stage_state</c> row that remembers what was last searched, and with which key.</summary>
    private const int StateRow = 12;

    /// <summary>Scrubs the key from content blocks and messages; returns how many rows changed.</summary>
    public async Task<long> RunAsync(Guid runId, CancellationToken cancellationToken)
    {
        var state = new StageInputs(warehouse, StateRow);
        var keyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key.Reveal())))[..8];
        var signature = await state.SignatureAsync(["SELECT count(*), sum(hash(file_id, line_no, run_id)) FROM records"], [keyHash], cancellationToken);
        if (await state.UnchangedSinceLastRunAsync(signature, cancellationToken)) return 0;

        var pattern = new DuckDBParameter("pattern", string.Join('|', key.AlignedPieces().Select(Regex.Escape)));
        long changed = 0;
        using (var transaction = warehouse.Session.BeginTransaction())
        {
            var blocks = await ReadAsync("""
                SELECT rowid, text, tool_input FROM content_blocks
                WHERE regexp_matches(text, $pattern) OR regexp_matches(tool_input, $pattern)
                """, pattern, cancellationToken);
            foreach (var (row, text, input) in blocks)
            {
                changed += await warehouse.ExecuteAsync("UPDATE content_blocks SET text = $text, tool_input = $input WHERE rowid = $row", cancellationToken,
                    new DuckDBParameter("text", Scrub(text)), new DuckDBParameter("input", Scrub(input)), new DuckDBParameter("row", row));
            }

            var messages = await ReadAsync("SELECT rowid, text, NULL AS tool_input FROM messages WHERE regexp_matches(text, $pattern)", pattern, cancellationToken);
            foreach (var (row, text, _) in messages)
            {
                changed += await warehouse.ExecuteAsync("UPDATE messages SET text = $text WHERE rowid = $row", cancellationToken,
                    new DuckDBParameter("text", Scrub(text)), new DuckDBParameter("row", row));
            }

            await state.RememberAsync(signature, runId, cancellationToken);
            transaction.Commit();
        }

        return changed;
    }

    private string? Scrub(string? text) => text is null ? null : key.Redact(text);

    private async Task<List<(long Row, string? Text, string? Input)>> ReadAsync(string sql, DuckDBParameter pattern, CancellationToken cancellationToken)
    {
        return await warehouse.Session.ReadAsync(sql,
            row => (row.GetInt64("rowid"), row.GetStringOrNull("text"), row.GetStringOrNull("tool_input")), cancellationToken, pattern);
    }
}
