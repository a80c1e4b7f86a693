using System.Text.Json.Nodes;
using Hindsight.Runs;
using Hindsight.Stages;

namespace Hindsight.Search;

/// <summary>
/// Stage 6: keeps the search index beside the warehouse current (<see cref="SearchIndexUpkeep"/>). A stage of its own,
/// with its own row in <c>runs</c>, rather than a step inside stage 3 or 5: its time and the index's size are measured
/// and shown by themselves, it runs after stage 4 so corrected texts are indexed in the same run, and a failure to
/// write the index (a derived copy, rebuilt by <c>hindsight search --reindex</c>) is reported as its own, not as a
/// failure of the stages whose rows are already committed.
/// </summary>
public sealed class SearchIndexStage : IStage
{
    public const int StageNumber = 6;

    public int Number => StageNumber;
    public string Name => "search_index";

    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        if (context.Warehouse is not { } warehouse)
            return StageOutcome.Skipped("dry run on a new database: nothing has been extracted yet");
        if (context.Options.DryRun)
            return StageOutcome.Skipped("dry run: the search index is not written");
        var folder = SearchIndexLocation.ForDatabase(context.Options.DatabasePath);
        var result = await new SearchIndexUpkeep(warehouse, folder).RunAsync(rebuild: false, cancellationToken);
        return new StageOutcome(StageStatus.Succeeded, result.FilesIndexed + result.FilesRemoved, result.DocumentsAdded, 0, new JsonObject
        {
            ["rebuilt"] = result.Rebuilt,
            ["files_indexed"] = result.FilesIndexed,
            ["files_removed"] = result.FilesRemoved,
            ["documents_added"] = result.DocumentsAdded,
            ["index_bytes"] = result.IndexBytes,
            ["summary"] = result.FilesIndexed + result.FilesRemoved == 0
                ? "search index current: nothing changed"
                : $"search index: {result.DocumentsAdded:N0} documents from {result.FilesIndexed:N0} files{(result.Rebuilt ? " (rebuilt)" : "")}, {result.FilesRemoved:N0} files removed",
        });
    }
}
