using Hindsight.Cli;

using var cancellation = new GracefulCancellation(Console.Error);
return await HindsightApp.RunAsync(args, CliConsole.ForProcess(), Environment.GetEnvironmentVariable, cancellation.Token);
