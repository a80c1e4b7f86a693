namespace Hindsight.Cli.Settings;

/// <summary>A resolved setting and where it came from (argument, environment, default), for `hindsight config`.</summary>
public sealed record SettingValue<T>(T Value, string Origin);
