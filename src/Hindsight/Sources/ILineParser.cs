using Hindsight.Sources.ClaudeCode;

namespace Hindsight.Sources;

/// <summary>The parser role: one line of a file as a record (the raw line kept) or a dead letter with its reason.</summary>
public interface ILineParser
{
    /// <param name="keepRaw">False when only counting (discovery's profile): the raw bytes are not copied.</param>
    /// <param name="observer">Fed the line's shape by parsers that profile it (Claude Code's); others may ignore it.</param>
    ParsedLine Parse(string fileId, in JsonlLine line, bool keepRaw, ILineShapeObserver? observer);
}
