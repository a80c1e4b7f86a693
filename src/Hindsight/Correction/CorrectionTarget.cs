namespace Hindsight.Correction;

/// <summary>One text to correct: a human prompt, slash-command arguments or steering text, under its entity id.</summary>
/// <param name="EntityId">The stage-3 entity id; results carry it back.</param>
/// <param name="Text">The text as typed (cleaned by stage 2).</param>
public sealed record CorrectionTarget(string EntityId, string Text);
