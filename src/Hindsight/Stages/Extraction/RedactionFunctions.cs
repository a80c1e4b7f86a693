using DuckDB.NET.Data;

namespace Hindsight.Stages.Extraction;

/// <summary>
/// Makes the secret redaction callable from SQL on a connection: <c>hindsight_redact_secrets(text)</c> (plain text)
/// and <c>hindsight_redact_json(text)</c> (a JSON document that must stay valid), both from <see cref="BlockRedactor"/>.
/// </summary>
public static class RedactionFunctions
{
    public static async Task RegisterAsync(Warehouse.Warehouse warehouse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        var registered = await warehouse.ScalarAsync(
            "SELECT count(*) FROM duckdb_functions() WHERE function_name IN ('hindsight_redact_secrets', 'hindsight_redact_json')", cancellationToken);
        if (Convert.ToInt64(registered, System.Globalization.CultureInfo.InvariantCulture) >= 2) return;
        Register(warehouse.Connection, "hindsight_redact_secrets", static text => Cleaning.SecretRedactor.Redact(text, out _));
        Register(warehouse.Connection, "hindsight_redact_json", static json =>
        {
            long ignored = 0;
            return BlockRedactor.RedactJson(json, ref ignored);
        });
    }

    private static void Register(DuckDBConnection connection, string name, Func<string, string> redact) =>
        connection.RegisterScalarFunction<string, string>(name, (readers, writer, rowCount) =>
        {
            for (ulong row = 0; row < rowCount; row++)
            {
                if (readers[0].IsValid(row)) writer.WriteValue(redact(readers[0].GetValue<string>(row)), row);
                else writer.WriteNull(row);
            }
        }, new ScalarFunctionOptions { HandlesNulls = true });
}
