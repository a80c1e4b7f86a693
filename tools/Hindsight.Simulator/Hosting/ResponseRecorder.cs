using Microsoft.AspNetCore.Http;

namespace Hindsight.Simulator;

/// <summary>Records an answer in the journal, then writes it; a client that already left is not an error.</summary>
internal sealed class ResponseRecorder(RequestJournal journal)
{
    /// <summary>The status recorded when the client went away before any answer (nginx's convention).</summary>
    public const int ClientClosedRequest = 499;

    public async Task RespondAsync(HttpContext context, DateTimeOffset receivedAt, string body, SimulatedResponse response)
    {
        journal.Record(Received(context, receivedAt, body) with { Status = response.Status, Fault = response.Fault });
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }
        try
        {
            await context.Response.WriteAsync(response.Json, context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client gave up while the answer was on its way; the request is recorded already.
        }
    }

    public void RecordAbandoned(HttpContext context, DateTimeOffset receivedAt, string body, string? fault) =>
        journal.Record(Received(context, receivedAt, body) with { Status = ClientClosedRequest, Fault = fault });

    private static ReceivedRequest Received(HttpContext context, DateTimeOffset receivedAt, string body) =>
        new(receivedAt, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.Count > 0, body);
}
