namespace Hindsight.Watch;

/// <summary>What `hindsight watch` shows of today (a UTC day): cost and tokens by model, the sessions active lately, the last prompts.</summary>
public sealed record TodayActivity(
    DateOnly Day,
    IReadOnlyList<TodayModel> Models,
    IReadOnlyList<ActiveSession> ActiveSessions,
    IReadOnlyList<RecentPrompt> LastPrompts)
{
    public double CostUsd => Models.Sum(m => m.CostUsd);
    public long Tokens => Models.Sum(m => m.Tokens);
}

/// <summary>One model's API calls today: <see cref="Tokens"/> counts input, output, cache writes and cache reads.</summary>
public sealed record TodayModel(string Model, long Calls, long Tokens, double CostUsd);

/// <summary>A session with a message in the last <see cref="TodayActivityQuery.ActiveWindow"/>.</summary>
public sealed record ActiveSession(string Project, string Session, DateTimeOffset LastActivity, long Prompts);

/// <summary>A human-typed prompt of today, its text clipped to <see cref="TodayActivityQuery.PromptChars"/>.</summary>
public sealed record RecentPrompt(DateTimeOffset At, string Project, string Text);
