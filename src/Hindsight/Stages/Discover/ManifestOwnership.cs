using System.Text.Json;

namespace Hindsight.Stages.Discover;

/// <summary>
/// Decides whether a file at the manifest's path is Hindsight's to replace. Hindsight writes only files it owns:
/// a path where nothing exists yet, or a manifest it wrote before, recognised by its marker
/// (<c>"generator": "hindsight"</c>, the first property) or, for manifests older than the marker, by the fields
/// every Hindsight manifest starts with. Anything else (a browser extension's manifest.json, say) is never replaced.
/// </summary>
public static class ManifestOwnership
{
    public const string GeneratorField = "generator";
    public const string GeneratorName = "hindsight";

    /// <summary>The fields a Hindsight manifest written before the marker existed starts with.</summary>
    private static readonly string[] EarlierManifestFields = ["manifest_version", "run_id", "assessment_timestamp"];

    /// <summary>Enough for the first properties of a manifest: the marker and the earlier fields are all near the start.</summary>
    private const int PrefixBytes = 64 * 1024;

    /// <summary>True when Hindsight may write <paramref name="path"/>: nothing is there, or a manifest Hindsight wrote.</summary>
    public static bool MayWrite(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) return true; // the write fails with its own clear error, as before
        if (!File.Exists(full)) return true;
        byte[] prefix;
        int length;
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            prefix = new byte[(int)Math.Min(PrefixBytes, stream.Length)];
            length = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return IsHindsightManifest(prefix.AsSpan(0, length), isWholeFile: length < PrefixBytes);
    }

    /// <summary>Reads only the top-level properties of the prefix, never the whole file.</summary>
    public static bool IsHindsightManifest(ReadOnlySpan<byte> prefix, bool isWholeFile)
    {
        var reader = new Utf8JsonReader(prefix, isWholeFile, default);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1 || reader.TokenType != JsonTokenType.PropertyName) continue;
                var name = reader.GetString()!;
                if (!reader.Read()) break;
                if (name == GeneratorField && reader.TokenType == JsonTokenType.String && reader.GetString() == GeneratorName) return true;
                seen.Add(name);
                if (EarlierManifestFields.All(seen.Contains)) return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON, or not ours: either way, not Hindsight's to replace.
        }
        return false;
    }
}
