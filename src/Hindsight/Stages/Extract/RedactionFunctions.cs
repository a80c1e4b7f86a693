namespace Hindsight.Stages.Extract;

/// <summary>
/// Makes the secret redaction callable from SQL on a connection: <c>hindsight_redact_secrets(text)</c> (plain text)
/// and <c>hindsight_redact_json(text)</c> (a JSON document that must stay valid), both from <see cref="BlockRedactor"/>.
/// </summary>
public static class RedactionFunctions
{
    public static async Task RegisterAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var registered = await warehouse.Session.ScalarAsync<long>(ExtractSql.RedactionFunctionsRegistered, cancellationToken);
        if (registered >= 2) return;
        warehouse.Session.RegisterTextFunction("hindsight_redact_secrets", static text => Secrets.SecretRedactor.Redact(text, out _));
        warehouse.Session.RegisterTextFunction("hindsight_redact_json", static json =>
        {
            long ignored = 0;
            return BlockRedactor.RedactJson(json, ref ignored);
        });
    }
}
