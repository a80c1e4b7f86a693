namespace Hindsight.Simulator;

/// <summary>A request body the simulator answers with 400; the message goes back to the client.</summary>
internal sealed class BadChatRequestException(string message) : Exception(message);
