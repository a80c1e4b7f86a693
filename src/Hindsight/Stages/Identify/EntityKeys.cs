using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Hindsight.Sources;

namespace Hindsight.Stages.Identify;

/// <summary>
/// The natural keys and entity ids of transcripts (every agent's keys start with the agent's name, Claude Code's with
/// <c>claude_code</c> as before): the contract stage 3 writes and that
/// later stages and other tools may compute on their own.
/// <para>
/// A natural key is a list of components joined by <c>|</c>, each component escaped first
/// (<c>\</c> becomes <c>\\</c>, <c>|</c> becomes <c>\|</c>), so two different component lists never
/// give one key, whatever characters a session id or uuid holds:
/// </para>
/// <list type="bullet">
/// <item>session: <c>claude_code|session|&lt;session id&gt;</c></item>
/// <item>message with a uuid: <c>claude_code|message|&lt;session id&gt;|uuid|&lt;record uuid&gt;</c></item>
/// <item>message without one: <c>claude_code|message|&lt;session id&gt;|line|&lt;record type&gt;|&lt;SHA-256 hex of the raw line&gt;</c></item>
/// <item>content block: <c>&lt;message key&gt;|block|&lt;block index&gt;</c></item>
/// <item>text a person typed inside a tool-result block (rejection feedback, answers):
/// <c>&lt;content block key&gt;|typed</c>, a child of that block</item>
/// </list>
/// <para>
/// The entity id is the first 32 lowercase hex characters of SHA-256 over the key's UTF-8 bytes. Nothing
/// in a key depends on a file path, a line number or a run, so a file moved, copied, resumed or read
/// again keeps its ids. <see cref="IdentitySql"/> computes the same keys in DuckDB; the two must agree.
/// </para>
/// </summary>
public static class EntityKeys
{
    /// <summary>Claude Code's key prefix and <c>source_name</c>; every agent's keys start with its own name (<see cref="AgentNames"/>).</summary>
    public const string SourceName = "claude_code";

    /// <summary>Every agent's <c>source_name</c>, as a SQL list: stage 3 keys the rows of every agent.</summary>
    public static readonly string SourceNamesSql = "(" + Warehouse.SqlNameList.Of(AgentNames.All) + ")";
    public const int DefaultIdHexLength = 32;
    public const int MaxIdHexLength = 64;

    public const string SessionType = "session";
    public const string MessageType = "message";
    public const string ContentBlockType = "content_block";
    public const string TypedTextType = "typed_text";

    public const int SessionLevel = 8;
    public const int MessageLevel = 5;
    public const int ContentBlockLevel = 4;
    public const int TypedTextLevel = 3;

    public static string Session(string sessionId, Agent agent = Agent.ClaudeCode) => Join(agent.ToName(), SessionType, sessionId);

    public static string MessageWithUuid(string sessionId, string uuid, Agent agent = Agent.ClaudeCode) =>
        Join(agent.ToName(), MessageType, sessionId, "uuid", uuid);

    public static string MessageWithoutUuid(string sessionId, string recordType, string rawLine, Agent agent = Agent.ClaudeCode) =>
        Join(agent.ToName(), MessageType, sessionId, "line", recordType, Sha256Hex(rawLine));

    public static string ContentBlock(string messageKey, int blockIndex) =>
        messageKey + "|block|" + blockIndex.ToString(CultureInfo.InvariantCulture);

    public static string TypedText(string messageKey, int blockIndex) => ContentBlock(messageKey, blockIndex) + "|typed";

    public static string IdOf(string naturalKey, int hexLength = DefaultIdHexLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hexLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hexLength, MaxIdHexLength);
        return Sha256Hex(naturalKey)[..hexLength];
    }

    public static string Escape(string component) =>
        component.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);

    private static string Join(params string[] components) => string.Join('|', components.Select(Escape));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
