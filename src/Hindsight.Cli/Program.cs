using Hindsight.Cli;

return await HindsightApp.RunAsync(args, CliConsole.ForProcess(), Environment.GetEnvironmentVariable);
