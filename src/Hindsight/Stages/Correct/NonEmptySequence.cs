namespace Hindsight.Stages.Correct;

/// <summary>An asynchronous sequence checked for a first element without losing it.</summary>
internal static class NonEmptySequence
{
    /// <summary>
    /// The same sequence, or null when it is empty (found by reading its first element only). The enumerator is
    /// disposed when the returned sequence is enumerated to its end or abandoned by its consumer's own disposal.
    /// </summary>
    public static async Task<IAsyncEnumerable<T>?> OrNullAsync<T>(IAsyncEnumerable<T> source, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (await enumerator.MoveNextAsync()) return FromCurrent(enumerator);
        }
        catch
        {
            await enumerator.DisposeAsync();
            throw;
        }
        await enumerator.DisposeAsync();
        return null;

        static async IAsyncEnumerable<T> FromCurrent(IAsyncEnumerator<T> started)
        {
            try
            {
                do yield return started.Current;
                while (await started.MoveNextAsync());
            }
            finally
            {
                await started.DisposeAsync();
            }
        }
    }
}
