using Hindsight.Simulator;

return await SimulatorCommand.Create().Parse(args).InvokeAsync();
