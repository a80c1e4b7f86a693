using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using Hindsight.Correction;
using Hindsight.Messages;
using Hindsight.Warehouse;

namespace Hindsight.Stages.Correct;

/// <summary>
/// The texts stage 4 corrects: human prompts, slash-command arguments, steering text, and what a person typed
/// inside tool results (rejection feedback, answers; entities of level 3) that are not duplicates, at or above the
/// minimum confidence, and not yet settled (corrected or unchanged, by any provider or model: a settled correction
/// is never re-sent unless <c>recorrect</c> asks for it, and then only when it was settled under another provider,
/// model or prompt version). Prompts left skipped or failed are tried again, and rejected ones under another
/// provider, model or prompt version. Read a page at a time by entity id, so memory does not grow with the number
/// of prompts.
/// </summary>
public sealed class CorrectionTargetReader(WarehouseSession session, int pageSize)
{
    public static readonly string Eligible = $"""
        FROM messages m
        JOIN entities e ON e.level IN (5, 3) AND e.file_id = m.file_id AND e.line_no = m.line_no
            AND coalesce(e.block_index, -1) = coalesce(m.block_index, -1)
        WHERE m.kind IN ({MessageKindNames.HumanTypedSqlList}) AND NOT m.is_duplicate
          AND m.text IS NOT NULL AND m.text <> ''
          AND {PromptConfidenceNames.SqlRank("m.confidence")} >= $min_rank
        """;

    /// <summary>Statuses never re-sent without <c>recorrect</c>: the text is corrected, or needs no correction.</summary>
    internal static readonly string Kept = SqlNameList.Of([CorrectionStatus.Corrected.ToName(), CorrectionStatus.Unchanged.ToName()]);
    /// <summary>Statuses final for one provider, model and prompt version (<see cref="CorrectionStatusNames.IsSettled"/>).</summary>
    private static readonly string Final = SqlNameList.Of(Enum.GetValues<CorrectionStatus>().Where(CorrectionStatusNames.IsSettled).Select(CorrectionStatusNames.ToName));

    public async IAsyncEnumerable<CorrectionTarget> ReadAsync(
        PromptConfidence minConfidence, string provider, string model, string promptVersion, bool recorrect, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string after = "";
        while (true)
        {
            var page = await session.ReadAsync($"""
                    SELECT e.entity_id, m.text
                    {Eligible}
                      AND e.entity_id > $after
                      AND NOT EXISTS (
                          SELECT 1 FROM corrections c
                          WHERE c.entity_id = e.entity_id
                            AND ((c.status IN ({Kept}) AND NOT $recorrect)
                                 OR (c.provider = $provider AND c.model = $model AND c.prompt_version = $version
                                     AND (c.status IN ({Final}) OR c.provider = 'none'))))
                    ORDER BY e.entity_id
                    LIMIT $page
                    """,
                row => new CorrectionTarget(row.GetString("entity_id"), row.GetString("text")), cancellationToken,
                new DuckDBParameter("min_rank", minConfidence.Rank()), new DuckDBParameter("after", after),
                new DuckDBParameter("provider", provider), new DuckDBParameter("model", model), new DuckDBParameter("version", promptVersion),
                new DuckDBParameter("page", pageSize), new DuckDBParameter("recorrect", recorrect));
            foreach (var target in page) yield return target;
            if (page.Count < pageSize) yield break;
            after = page[^1].EntityId;
        }
    }
}
