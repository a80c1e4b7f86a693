using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hindsight.Tests.Reliability;

/// <summary>
/// The hostile-input corpus in a temporary folder: the team's committed fixtures
/// (tests/fixtures/hostile/projects, expectations in its expected.json), the cases generated here because
/// they are too big or too binary to commit (a 100 MB line, nesting 10,000 deep, random bytes, gzip, a
/// 2 MB line, 5,000 blocks, 100,000 keys), and clean files, so that the hostile lines stay a minority and
/// discovery says CAUTION rather than NO-GO (more than half of all lines unreadable; the random bytes alone are
/// about a thousand bad lines).
/// </summary>
public sealed class HostileCorpus
{
    public const string Project = "-home-dev-hostile";
    public const int CleanFiles = 40;
    /// <summary>Enough good lines that the hostile ones stay well under half of all lines.</summary>
    public const int CleanLinesPerFile = 60;
    public const int HundredMegabytes = 100 * 1024 * 1024;

    public required string Projects { get; init; }

    /// <summary>Expectations of the committed fixtures (tests/fixtures/hostile/expected.json).</summary>
    public static JsonArray CommittedCases => (JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureFolder, "expected.json")))!["cases"]!).AsArray();

    public static string FixtureFolder => Path.Combine(RepositoryPaths.Fixtures, "hostile");

    public string PathOf(string file) => System.IO.Path.Combine(Projects, Project, file);

    /// <summary>The SHA-256 and length of the 100 MB line, computed while writing it.</summary>
    public (string Sha256, long Length) HugeLine { get; private set; }

    public static HostileCorpus Create(TempDirectory dir)
    {
        var corpus = new HostileCorpus { Projects = dir.Combine("projects") };
        var target = Directory.CreateDirectory(System.IO.Path.Combine(corpus.Projects, Project)).FullName;
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(FixtureFolder, "projects", Project)))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        WriteCleanFiles(dir, CleanFiles, linesPerFile: CleanLinesPerFile);
        corpus.WriteGenerated();
        return corpus;
    }

    public static void WriteCleanFiles(TempDirectory dir, int count, string project = "-home-dev-clean", int linesPerFile = 2)
    {
        for (int i = 0; i < count; i++)
        {
            var session = $"11111111-0000-4000-8000-{i:D12}";
            var lines = new List<string>
            {
                TranscriptLines.User($"clean-{project}-{i}-1", $"first prompt of file {i}", session),
                TranscriptLines.User($"clean-{project}-{i}-2", $"second prompt of file {i}", session, parent: $"clean-{project}-{i}-1"),
            };
            for (int line = 3; line <= linesPerFile; line++)
                lines.Add(TranscriptLines.User($"clean-{project}-{i}-{line}", $"prompt {line} of file {i}", session, parent: $"clean-{project}-{i}-{line - 1}"));
            dir.Write($"projects/{project}/{session}.jsonl", TranscriptLines.Jsonl([.. lines]));
        }
    }

    public static string Good(string uuid, string text = "a line that is fine") =>
        TranscriptLines.User(uuid, text, "00000000-0000-4000-8000-00000000ffff");

    private void WriteGenerated()
    {
        // G1: one record of 100 MB, over the 64 MB line limit: a dead letter with its length, hash and first 64 KiB.
        using (var file = File.Create(PathOf("g1-line-of-100-mb.jsonl")))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            file.Write(Encoding.UTF8.GetBytes(Good("g1-before") + "\n"));
            var head = "{\"type\":\"user\",\"uuid\":\"g1-huge\",\"message\":{\"role\":\"user\",\"content\":\""u8.ToArray();
            var tail = "\"}}"u8.ToArray();
            var filler = new byte[1024 * 1024];
            filler.AsSpan().Fill((byte)'a');
            long length = 0;
            void Write(ReadOnlySpan<byte> bytes)
            {
                file.Write(bytes);
                hash.AppendData(bytes);
                length += bytes.Length;
            }
            Write(head);
            for (int i = 0; i < 100; i++) Write(filler);
            Write(tail);
            file.Write("\n"u8);
            file.Write(Encoding.UTF8.GetBytes(Good("g1-after") + "\n"));
            HugeLine = (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }

        // G2: arrays and objects nested 10,000 levels deep.
        var deepArrays = "{\"type\":\"user\",\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}";
        var deepObjects = "{\"type\":\"user\",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000) + "}";
        File.WriteAllText(PathOf("g2-nesting-10000-deep.jsonl"), TranscriptLines.Jsonl(Good("g2-before"), deepArrays, deepObjects, Good("g2-after")));

        // G3: 256 KiB of random bytes named .jsonl. G4: a gzip-compressed transcript named .jsonl.
        var random = new Random(20260203);
        var noise = new byte[256 * 1024];
        random.NextBytes(noise);
        File.WriteAllBytes(PathOf("g3-random-bytes.jsonl"), noise);
        using (var file = File.Create(PathOf("g4-gzip.jsonl")))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(TranscriptLines.Jsonl(Enumerable.Range(0, 200).Select(i => Good($"g4-{i}")).ToArray())));
        }

        // G5: a valid 2 MB line (kept whole). G6: 5,000 content blocks. G7: 100,000 distinct keys.
        File.WriteAllText(PathOf("g5-line-of-2-mb.jsonl"), TranscriptLines.Jsonl(Good("g5-before"), Good("g5-long", new string('b', 2 * 1024 * 1024)), Good("g5-after")));
        var blocks = string.Join(",", Enumerable.Range(0, 5000).Select(i => TranscriptLines.Text($"block {i}")));
        File.WriteAllText(PathOf("g6-5000-blocks.jsonl"), TranscriptLines.Jsonl(
            Good("g6-before"), TranscriptLines.Assistant("g6-many", "msg_g6", "req_g6", blocks), Good("g6-after")));
        var keys = string.Concat(Enumerable.Range(0, 100_000).Select(i => $",\"key{i}\":{i}"));
        File.WriteAllText(PathOf("g7-100000-keys.jsonl"), TranscriptLines.Jsonl(Good("g7-before"), "{\"type\":\"user\",\"uuid\":\"g7-keys\"" + keys + "}", Good("g7-after")));
    }
}
