using System.Text.Json;

namespace Hindsight.Correction.Protocol;

/// <summary>
/// Parses the answer content {"corrections":[{"id","corrected"}]} and enforces the id guard: exactly the ids sent,
/// none missing, none extra, none twice. A violation fails the whole batch, since an answer that lost track of
/// its ids cannot be trusted for any of them.
/// </summary>
public static class BatchResponseParser
{
    private const int MaxIdsInReason = 3;

    /// <summary>Parses <paramref name="content"/> against the ids that were sent.</summary>
    public static BatchParseResult Parse(string? content, IReadOnlyCollection<string> sentIds)
    {
        ArgumentNullException.ThrowIfNull(sentIds);
        if (string.IsNullOrWhiteSpace(content))
        {
            return BatchParseResult.Failed("malformed answer: empty content");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripCodeFence(content));
        }
        catch (JsonException exception)
        {
            return BatchParseResult.Failed($"malformed answer: not valid JSON ({exception.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("corrections", out var corrections)
                || corrections.ValueKind != JsonValueKind.Array)
            {
                return BatchParseResult.Failed("malformed answer: no \"corrections\" array");
            }

            var expected = new HashSet<string>(sentIds, StringComparer.Ordinal);
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            var duplicates = new List<string>();
            var extras = new List<string>();
            foreach (var entry in corrections.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("id", out var idElement)
                    || !entry.TryGetProperty("corrected", out var correctedElement)
                    || correctedElement.ValueKind != JsonValueKind.String)
                {
                    return BatchParseResult.Failed("malformed answer: a correction lacks a string \"id\" or \"corrected\"");
                }

                var id = idElement.ValueKind switch
                {
                    JsonValueKind.String => idElement.GetString()!,
                    JsonValueKind.Number => idElement.GetRawText(),
                    _ => null,
                };
                if (id is null)
                {
                    return BatchParseResult.Failed("malformed answer: a correction has an id that is neither string nor number");
                }

                if (!expected.Contains(id))
                {
                    extras.Add(id);
                }
                else if (!result.TryAdd(id, correctedElement.GetString()!))
                {
                    duplicates.Add(id);
                }
            }

            var missing = expected.Where(id => !result.ContainsKey(id)).ToList();
            if (missing.Count > 0 || extras.Count > 0 || duplicates.Count > 0)
            {
                return BatchParseResult.Failed(DescribeIdMismatch(missing, extras, duplicates));
            }

            return BatchParseResult.Success(result);
        }
    }

    private static string DescribeIdMismatch(List<string> missing, List<string> extras, List<string> duplicates)
    {
        var parts = new List<string>(3);
        if (missing.Count > 0)
        {
            parts.Add($"missing {Describe(missing)}");
        }

        if (extras.Count > 0)
        {
            parts.Add($"unexpected {Describe(extras)}");
        }

        if (duplicates.Count > 0)
        {
            parts.Add($"repeated {Describe(duplicates)}");
        }

        return "id mismatch: " + string.Join("; ", parts);
    }

    private static string Describe(List<string> ids)
    {
        var shown = string.Join(", ", ids.Take(MaxIdsInReason).Select(id => id.Length > 40 ? id[..40] + "…" : id));
        return ids.Count > MaxIdsInReason ? $"ids {shown} and {ids.Count - MaxIdsInReason} more" : $"id(s) {shown}";
    }

    // Some OpenAI-compatible servers wrap JSON answers in a ```json fence even in JSON mode.
    private static string StripCodeFence(string content)
    {
        var trimmed = content.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal))
        {
            return trimmed;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        var closing = trimmed.LastIndexOf("```", StringComparison.Ordinal);
        return firstLineEnd > 0 && closing > firstLineEnd ? trimmed[(firstLineEnd + 1)..closing] : trimmed;
    }
}
