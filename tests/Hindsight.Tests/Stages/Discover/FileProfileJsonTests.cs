using System.Text.Json;
using Hindsight.Stages.Discover;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>
/// Stored profiles (<c>files.profile_json</c>) are written through source-generated metadata since the start-up work;
/// warehouses hold profiles the reflection-based serializer wrote, and a warm re-run reuses them. The two must write
/// the same text and read each other's.
/// </summary>
public sealed class FileProfileJsonTests
{
    private static FileProfile Populated()
    {
        var profile = new FileProfile
        {
            ProfileFormat = FileProfile.CurrentProfileFormat,
            Lines = 12,
            Records = 10,
            DeadLetters = 2,
            PartialTailBytes = 7,
            FieldPathsDropped = 1,
            DriftDropped = 3,
            LastVersionInFileOrder = "2.1.0",
            LastTimeInFileOrder = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            FirstTimestamp = new DateTimeOffset(2025, 12, 31, 23, 59, 59, 123, TimeSpan.Zero),
            LastTimestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            SampleErrors = ["line 3: unexpected end", "naïve \"quoted\" <tag> é"],
            Error = null,
        };
        profile.RecordTypes["assistant"] = 6;
        profile.RecordTypes["user"] = 4;
        profile.DeadLetterReasons["invalid_json"] = 2;
        profile.TopLevelFields["message"] = 10;
        var sighting = new DriftSighting();
        sighting.See("2.1.0", profile.FirstTimestamp);
        profile.Drift["type:brand_new"] = sighting;
        return profile;
    }

    [Fact]
    public void The_source_generated_form_is_the_reflection_serializers_text()
    {
        var profile = Populated();
        var generated = JsonSerializer.Serialize(profile, FileProfileJson.Default.FileProfile);
        // The reference: the reflection-based serializer that wrote the stored profiles.
        var reflected = JsonSerializer.Serialize(profile);
        Assert.Equal(reflected, generated);
    }

    [Fact]
    public void A_profile_the_reflection_serializer_wrote_reads_back_the_same()
    {
        // As a warehouse of an earlier build stored it.
        var stored = JsonSerializer.Serialize(Populated());
        var read = JsonSerializer.Deserialize(stored, FileProfileJson.Default.FileProfile)!;
        Assert.Equal(stored, JsonSerializer.Serialize(read, FileProfileJson.Default.FileProfile));
        Assert.True(read.CanContinue);
        Assert.Equal(1, read.Drift["type:brand_new"].Records);
    }
}
