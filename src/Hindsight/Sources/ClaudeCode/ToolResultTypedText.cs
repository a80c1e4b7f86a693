using System.Text.Json;
using System.Text.RegularExpressions;
using Hindsight.Messages;

namespace Hindsight.Sources.ClaudeCode;

/// <summary>
/// Finds what a person typed inside tool results, which the record's own classification (<c>tool_result</c>) hides:
/// <list type="bullet">
/// <item>the feedback typed when rejecting a tool use. Claude Code writes "The user doesn't want to proceed with this
/// tool use. … To tell you how to proceed, the user said:\n&lt;typed&gt;" (2.1.x) or "… The user provided the
/// following reason for the rejection:  &lt;typed&gt;" (2.0.x); a rejection without feedback holds nothing typed;</item>
/// <item>answers to Claude's questions (AskUserQuestion): "User has answered your questions: "&lt;question&gt;"="&lt;answer&gt;", ….
/// You can now continue …". An answer that is one of the offered option labels was chosen, not typed (its text is
/// Claude's): low confidence, so it is counted but not corrected by default. The line's <c>toolUseResult</c>
/// (<c>answers</c>, <c>questions[].options[].label</c>) is used when the line has one tool result; otherwise the
/// text is parsed and the answers get medium confidence, since options cannot be told apart.</item>
/// </list>
/// The tool result itself is left as it is; each typed part becomes a row of its own, keyed by record and block.
/// </summary>
public static partial class ToolResultTypedText
{
    private const string RejectionOpening = "The user doesn't want to proceed with this tool use.";
    private const string AnswersOpening = "User has answered your questions:";
    private static readonly string[] FeedbackMarkers =
    [
        "To tell you how to proceed, the user said:",
        "The user provided the following reason for the rejection:",
    ];

    /// <summary>
    /// A tool result whose text may quote a person: the only tool results whose text the classifier is given. Tested in
    /// SQL by stage 2 for records stored without a classification; <see cref="IsCandidate"/> is the same test in C#.
    /// </summary>
    public const string SqlCandidateCondition =
        "regexp_matches(left(b.text, 80), '^\\s*(Error: )?(The user doesn''t want to proceed|User has answered your questions)')";

    /// <summary>A tool result that quotes AskUserQuestion answers: only its line's toolUseResult is read (the same test in SQL: <see cref="SqlQuotesAnswersCondition"/>).</summary>
    public const string SqlQuotesAnswersCondition = "contains(left(b.text, 80), 'User has answered your questions')";

    /// <summary><see cref="SqlCandidateCondition"/> in C#, on the text's first 80 code points as DuckDB's <c>left</c> counts them.</summary>
    public static bool IsCandidate(string text) => CandidateOpening().IsMatch(FirstCodePoints(text, 80));

    /// <summary><see cref="SqlQuotesAnswersCondition"/> in C#.</summary>
    public static bool QuotesAnswers(string text) => FirstCodePoints(text, 80).Contains("User has answered your questions", StringComparison.Ordinal);

    private static ReadOnlySpan<char> FirstCodePoints(string text, int count)
    {
        int end = 0;
        for (int seen = 0; seen < count && end < text.Length; seen++)
            end += char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
        return text.AsSpan(0, end);
    }

    /// <summary>RE2's <c>\s</c>, which DuckDB's regexp_matches uses, is ASCII whitespace only: spelled out here, where .NET's would match more.</summary>
    [GeneratedRegex(@"^[\t\n\f\r ]*(Error: )?(The user doesn't want to proceed|User has answered your questions)")]
    private static partial Regex CandidateOpening();

    public static IReadOnlyList<TypedToolResultText> Extract(RecordToClassify record)
    {
        // Sidechain lines too: a person answers a subagent's permission prompt and its questions like the main agent's.
        if (record.Type != "user") return [];
        List<TypedToolResultText>? found = null;
        int toolResults = record.Blocks.Count(b => b.Type == "tool_result");
        for (int index = 0; index < record.Blocks.Count; index++)
        {
            var (type, text) = record.Blocks[index];
            if (type != "tool_result" || text is null) continue;
            var body = WithoutErrorPrefix(text);
            Classification? typed = null;
            if (body.StartsWith(RejectionOpening, StringComparison.Ordinal)) typed = Feedback(body);
            else if (body.StartsWith(AnswersOpening, StringComparison.Ordinal))
                typed = Answers(body, toolResults == 1 ? record.ToolUseResult : null);
            if (typed is null) continue;
            (found ??= []).Add(new TypedToolResultText(index, typed));
        }
        return found ?? (IReadOnlyList<TypedToolResultText>)[];
    }

    private static string WithoutErrorPrefix(string text)
    {
        var trimmed = text.TrimStart();
        return trimmed.StartsWith("Error: ", StringComparison.Ordinal) ? trimmed["Error: ".Length..] : trimmed;
    }

    private static Classification? Feedback(string body)
    {
        foreach (var marker in FeedbackMarkers)
        {
            int at = body.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            var typed = TextNormalizer.Normalize(body[(at + marker.Length)..].Trim());
            return typed.Length == 0 ? null : new(MessageKind.HumanToolFeedback, typed, PromptConfidence.High, "rejection_feedback");
        }
        return null;
    }

    private static Classification? Answers(string body, string? toolUseResult)
    {
        var fromResult = AnswersFromToolUseResult(toolUseResult);
        if (fromResult is not null)
        {
            // Only answers the text really carries: a toolUseResult that does not match its text is not trusted.
            var quoted = fromResult.Where(a => body.Contains($"\"={Quote(a.Answer)}", StringComparison.Ordinal)).ToList();
            var typed = quoted.Where(a => !a.IsOption).Select(a => a.Answer).ToList();
            if (typed.Count > 0) return Answer(typed, PromptConfidence.High, "typed_answer");
            var chosen = quoted.Select(a => a.Answer).ToList();
            if (chosen.Count > 0) return Answer(chosen, PromptConfidence.Low, "chosen_option");
        }
        var parsed = AnswerInText().Matches(body).Select(m => m.Groups["answer"].Value).Where(a => a.Trim().Length > 0).ToList();
        return parsed.Count == 0 ? null : Answer(parsed, PromptConfidence.Medium, "answer_without_options");
    }

    private static Classification Answer(List<string> answers, PromptConfidence confidence, string reason) =>
        new(MessageKind.HumanAnswer, TextNormalizer.Normalize(string.Join("\n", answers.Select(a => a.Trim()))), confidence, reason);

    private static string Quote(string answer) => "\"" + answer + "\"";

    /// <summary>The answers of toolUseResult, each marked when it is one of its question's option labels (or a list of them, multiSelect).</summary>
    private static List<(string Answer, bool IsOption)>? AnswersFromToolUseResult(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Object)
                return null;
            var options = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            if (root.TryGetProperty("questions", out var questions) && questions.ValueKind == JsonValueKind.Array)
            {
                foreach (var question in questions.EnumerateArray())
                {
                    if (question.ValueKind != JsonValueKind.Object || !question.TryGetProperty("question", out var q) || q.ValueKind != JsonValueKind.String) continue;
                    var labels = new HashSet<string>(StringComparer.Ordinal);
                    if (question.TryGetProperty("options", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var option in list.EnumerateArray())
                        {
                            if (option.ValueKind == JsonValueKind.Object && option.TryGetProperty("label", out var label) && label.ValueKind == JsonValueKind.String)
                                labels.Add(label.GetString()!);
                        }
                    }
                    options[q.GetString()!] = labels;
                }
            }
            var result = new List<(string, bool)>();
            foreach (var answer in answers.EnumerateObject())
            {
                if (answer.Value.ValueKind != JsonValueKind.String) continue;
                var text = answer.Value.GetString()!;
                bool isOption = options.TryGetValue(answer.Name, out var labels)
                    && (labels.Contains(text) || text.Split(", ").All(labels.Contains));
                result.Add((text, isOption));
            }
            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One <c>"question"="answer"</c> pair: the answer ends at a quote followed by the next pair, a note, or the closing sentence.</summary>
    [GeneratedRegex(@"""=""(?<answer>[\s\S]*?)""(?=,\s*""|\.?\s*You can now continue|\s+user notes:|\s+selected preview:|\s*$)")]
    private static partial Regex AnswerInText();
}
