using Hindsight.Stages.Clean;

namespace Hindsight.Tests.Stages.Clean;

/// <summary>The session a file belongs to by its place in the layout, as ccusage derives it.</summary>
public sealed class FileSessionTests
{
    [Theory]
    [InlineData("-home-ana-shop/0a0a0a0a-0000-4000-8000-00000000000a.jsonl", "0a0a0a0a-0000-4000-8000-00000000000a")]
    [InlineData("/-home-ana-shop/s1.jsonl", "s1")]
    [InlineData("s1.jsonl", "s1")]
    public void A_file_directly_in_its_project_folder_is_the_session_its_name_says(string relativePath, string session)
    {
        Assert.Equal(session, FileSession.Of(relativePath));
    }

    [Theory]
    [InlineData("-home-ana-shop/s1/subagents/agent-a1.jsonl")]
    [InlineData("-home-ana-shop/s1/agent-a1.jsonl")]
    [InlineData("-home-ana-shop//s1/subagents/deeper/agent-a1.jsonl")]
    public void A_file_below_a_session_folder_joins_that_session(string relativePath)
    {
        Assert.Equal("s1", FileSession.Of(relativePath));
    }
}
