using Hindsight.Sources.ClaudeCode;
using Hindsight.Stages.Discover;
using Hindsight.Stages.Extract;

namespace Hindsight.Tests.Stages.Discover;

/// <summary>
/// Which stored profile stands for a file, and which files extraction's readers profile as they read them: a fresh
/// profile from the first byte, a continued one from exactly where the stored profile ends, none otherwise.
/// </summary>
public sealed class ProfileRequestsTests
{
    private static readonly DateTimeOffset Then = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Then.AddMinutes(5);

    private static DiscoveredFile File(long size, DateTimeOffset mtime) =>
        new("file-1", "/p/-p/s.jsonl", "/p", "-p/s.jsonl", "-p", TranscriptFileKind.MainSession, size, mtime);

    private static string Profile(long lines, int format = FileProfile.CurrentProfileFormat, string? error = null) =>
        new FileProfile { ProfileFormat = format, Lines = lines, Error = error }.ToJson();

    /// <summary>What the warehouse holds of a file profiled at (<paramref name="profiledSize"/>, <paramref name="profiledMtime"/>) and ingested up to <paramref name="ingestedOffset"/>.</summary>
    private static StoredFileState Stored(string? profile, long profiledSize, DateTimeOffset profiledMtime, long? ingestedSize = null,
        DateTimeOffset? ingestedMtime = null, long ingestedOffset = 0) =>
        new("file-1", profiledSize, profiledMtime, profiledSize, profiledMtime, profile, ingestedSize, ingestedMtime, ingestedOffset, 3, null, null, 1);

    private static FileIngestPlan Plan(DiscoveredFile file, IngestMode mode, long startOffset) => new(file, mode, startOffset, 1, 1, "test");

    /// <summary>Requests that want the file, grown since it was ingested up to <paramref name="ingested"/> bytes, with <paramref name="profile"/> stored of its first <paramref name="profiled"/> bytes.</summary>
    private static (ProfileRequests Requests, DiscoveredFile File) GrownFile(string profile, long profiled = 100, long ingested = 100)
    {
        var requests = new ProfileRequests();
        var file = File(200, Later);
        requests.Want(file, Stored(profile, profiled, Then, ingestedSize: ingested, ingestedMtime: Then, ingestedOffset: ingested));
        return (requests, file);
    }

    [Fact]
    public void A_stored_profile_stands_for_a_file_with_the_size_and_mtime_it_was_taken_at()
    {
        var reused = ProfileRequests.Reusable(File(100, Then), Stored(Profile(3), 100, Then));

        Assert.NotNull(reused);
        Assert.Equal(3, reused.Lines);
    }

    [Theory]
    [InlineData(101L, false)]
    [InlineData(100L, true)]
    public void A_stored_profile_does_not_stand_for_a_file_whose_size_or_mtime_changed(long size, bool touched)
    {
        Assert.Null(ProfileRequests.Reusable(File(size, touched ? Later : Then), Stored(Profile(3), 100, Then)));
    }

    [Fact]
    public void A_file_without_a_stored_profile_or_state_has_none_to_reuse()
    {
        Assert.Null(ProfileRequests.Reusable(File(100, Then), null));
        Assert.Null(ProfileRequests.Reusable(File(100, Then), Stored(null, 100, Then)));
    }

    [Fact]
    public void A_profile_of_a_format_too_old_to_reuse_is_not_reused()
    {
        Assert.Null(ProfileRequests.Reusable(File(100, Then), Stored(Profile(3, format: 0), 100, Then)));
    }

    [Fact]
    public void A_file_read_from_its_first_byte_is_profiled_fresh()
    {
        var requests = new ProfileRequests();
        var file = File(200, Later);
        requests.Want(file, null);

        var builder = requests.BuilderFor(Plan(file, IngestMode.Replace, 0));

        Assert.NotNull(builder);
        Assert.Equal(0, builder.Finish(0, 0).Lines);
    }

    [Fact]
    public void A_file_read_on_from_where_its_stored_profile_ends_continues_that_profile()
    {
        var (requests, file) = GrownFile(Profile(3));

        var builder = requests.BuilderFor(Plan(file, IngestMode.Append, 100));

        Assert.NotNull(builder);
        Assert.Equal(5, builder.Finish(2, 0).Lines);
    }

    [Fact]
    public void A_read_that_starts_elsewhere_than_the_stored_profiles_end_gets_no_builder_and_the_file_stays_missing()
    {
        var (requests, file) = GrownFile(Profile(3));

        Assert.Null(requests.BuilderFor(Plan(file, IngestMode.Append, 90)));
        Assert.Equal(["file-1"], requests.Missing);
    }

    [Fact]
    public void A_stored_profile_taken_of_other_lines_than_those_ingested_is_not_continued()
    {
        // Profiled at 100 bytes, ingested at 150: the profile does not describe the ingested lines.
        var (requests, file) = GrownFile(Profile(3), profiled: 100, ingested: 150);

        Assert.Null(requests.BuilderFor(Plan(file, IngestMode.Append, 150)));
    }

    [Fact]
    public void A_stored_profile_of_a_file_that_could_not_be_read_is_not_continued()
    {
        var (requests, file) = GrownFile(Profile(3, error: "denied"));

        Assert.Null(requests.BuilderFor(Plan(file, IngestMode.Append, 100)));
    }

    [Fact]
    public void An_unchanged_file_or_one_not_asked_for_gets_no_builder()
    {
        var requests = new ProfileRequests();
        var file = File(200, Later);

        Assert.Null(requests.BuilderFor(Plan(file, IngestMode.Append, 0)));
        requests.Want(file, null);
        Assert.Null(requests.BuilderFor(Plan(file, IngestMode.Unchanged, 0)));
    }

    [Fact]
    public void A_profile_handed_back_by_a_reader_is_finished_and_no_longer_missing()
    {
        var requests = new ProfileRequests();
        requests.Want(File(200, Later), null);
        var profile = new FileProfile { Lines = 7 };

        requests.Hand("file-1", profile);

        Assert.Same(profile, requests.Finished["file-1"]);
        Assert.Empty(requests.Missing);
        Assert.True(requests.IsWanted("file-1"));
        Assert.Equal(1, requests.Count);
    }
}
