namespace Hindsight.Tests.Pricing;

/// <summary>Finds the real transcripts kept beside the repository (<c>&lt;repo&gt;/../shared/transcripts</c>), never copied into it.</summary>
public static class SharedTranscripts
{
    public static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "transcripts");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
