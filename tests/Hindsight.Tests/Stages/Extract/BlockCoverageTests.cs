using Hindsight.Stages.Extract;

namespace Hindsight.Tests.Stages.Extract;

/// <summary>Stored block fingerprints vouch for an ingested range only when they are exactly its blocks, full but the last.</summary>
public sealed class BlockCoverageTests
{
    private const long Block = BlockFingerprinter.BlockBytes;

    private static BlockFingerprint At(long index, long end) => new(index, end, "hash");

    [Fact]
    public void Full_blocks_and_a_last_one_ending_at_the_ingested_offset_cover_the_range()
    {
        Assert.True(BlockCoverage.Covers([At(0, Block), At(1, Block * 2), At(2, Block * 2 + 10)], Block * 2 + 10));
    }

    [Fact]
    public void A_range_of_whole_blocks_ends_with_a_full_block()
    {
        Assert.True(BlockCoverage.Covers([At(0, Block), At(1, Block * 2)], Block * 2));
    }

    [Fact]
    public void Nothing_ingested_is_covered_by_no_blocks()
    {
        Assert.True(BlockCoverage.Covers([], 0));
    }

    [Fact]
    public void A_missing_block_does_not_cover_the_range()
    {
        Assert.False(BlockCoverage.Covers([At(0, Block)], Block + 10));
    }

    [Fact]
    public void An_extra_block_does_not_cover_the_range()
    {
        Assert.False(BlockCoverage.Covers([At(0, 10), At(1, 20)], 10));
    }

    [Fact]
    public void Blocks_out_of_order_do_not_cover_the_range()
    {
        Assert.False(BlockCoverage.Covers([At(1, Block), At(0, Block + 10)], Block + 10));
    }

    [Fact]
    public void A_last_block_ending_before_the_ingested_offset_does_not_cover_the_range()
    {
        Assert.False(BlockCoverage.Covers([At(0, Block), At(1, Block + 5)], Block + 10));
    }

    [Fact]
    public void A_short_block_before_the_last_does_not_cover_the_range()
    {
        Assert.False(BlockCoverage.Covers([At(0, Block - 1), At(1, Block + 10)], Block + 10));
    }
}
