namespace Hindsight.Sampling;

internal enum TranscriptEra
{
    V10,
    V20,
    V21,
}
