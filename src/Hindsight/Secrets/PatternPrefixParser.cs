using System.Globalization;

namespace Hindsight.Secrets;

/// <summary>
/// Reads a secret rule's regex into the few shapes <see cref="KeywordAnchor"/> needs to reason about how its matches
/// begin: characters, sequences, alternatives and repeats. Everything it models is a superset of what the regex
/// accepts (a lookaround, <c>\b</c> or <c>^</c> is read as matching the empty string; a large or negated class as any
/// character), so a property proven of the model holds for every match. Syntax it does not know is refused
/// (<see cref="NotSupportedException"/>), and the rule is then run over whole texts as before.
/// </summary>
internal static class PatternPrefixParser
{
    /// <summary>Classes with more members than this are modelled as "some character" (keeps the search small).</summary>
    private const int LargestEnumeratedClass = 8;

    /// <summary>A piece of the modelled language.</summary>
    internal abstract record Node;

    /// <summary>One character out of <see cref="Members"/> (in lower case when the rule ignores case), or any character when null.</summary>
    internal sealed record CharacterNode(char[]? Members) : Node;

    internal sealed record SequenceNode(IReadOnlyList<Node> Items) : Node;

    internal sealed record AlternationNode(IReadOnlyList<Node> Branches) : Node;

    /// <summary><see cref="Item"/> between <see cref="Min"/> and <see cref="Max"/> times (<see cref="Max"/> -1: no bound).</summary>
    internal sealed record RepeatNode(Node Item, int Min, int Max) : Node;

    /// <summary>Matches the empty string (a zero-width assertion, read as always true).</summary>
    internal sealed record EmptyNode : Node
    {
        public static readonly EmptyNode Instance = new();
    }

    /// <exception cref="NotSupportedException">The pattern uses syntax this model does not cover.</exception>
    public static Node Parse(string pattern)
    {
        var reader = new Reader(pattern);
        var node = reader.ParseAlternation(ignoreCase: false);
        if (!reader.AtEnd) throw new NotSupportedException($"unbalanced ')' at {reader.Position}");
        return node;
    }

    private sealed class Reader(string pattern)
    {
        private int _position;

        public int Position => _position;

        public bool AtEnd => _position >= pattern.Length;

        private char Peek => pattern[_position];

        public Node ParseAlternation(bool ignoreCase)
        {
            // An inline (?i) holds to the end of its group, across later alternatives too, as in .NET.
            var branches = new List<Node>();
            while (true)
            {
                branches.Add(ParseSequence(ref ignoreCase));
                if (AtEnd || Peek != '|') break;
                _position++;
            }

            return branches.Count == 1 ? branches[0] : new AlternationNode(branches);
        }

        private Node ParseSequence(ref bool ignoreCase)
        {
            var items = new List<Node>();
            while (!AtEnd && Peek is not ('|' or ')'))
            {
                if (TryReadInlineOptions(ref ignoreCase)) continue;
                var atom = ParseAtom(ignoreCase);
                items.Add(ParseQuantifier(atom));
            }

            return items.Count == 1 ? items[0] : new SequenceNode(items);
        }

        private bool TryReadInlineOptions(ref bool ignoreCase)
        {
            if (string.CompareOrdinal(pattern, _position, "(?i)", 0, 4) != 0) return false;
            ignoreCase = true;
            _position += 4;
            return true;
        }

        private Node ParseAtom(bool ignoreCase)
        {
            var character = pattern[_position++];
            switch (character)
            {
                case '(':
                    return ParseGroup(ignoreCase);
                case '[':
                    return ParseClass(ignoreCase);
                case '\\':
                    return ParseEscape(ignoreCase);
                case '.':
                    return new CharacterNode(null);
                case '^' or '$':
                    return EmptyNode.Instance;
                case '*' or '+' or '?' or '{':
                    throw new NotSupportedException($"quantifier without an item at {_position - 1}");
                default:
                    return Literal(character, ignoreCase);
            }
        }

        private Node ParseGroup(bool ignoreCase)
        {
            var zeroWidth = false;
            if (!AtEnd && Peek == '?')
            {
                _position++;
                if (Consume("<=") || Consume("<!") || Consume("=") || Consume("!")) zeroWidth = true;
                else if (Consume(":")) { }
                else if (Consume("<"))
                {
                    while (!AtEnd && (char.IsAsciiLetterOrDigit(Peek) || Peek == '_')) _position++;
                    if (!Consume(">")) throw new NotSupportedException($"unknown group syntax at {_position}");
                }
                else throw new NotSupportedException($"unknown group syntax at {_position}");
            }

            var inner = ParseAlternation(ignoreCase);
            if (!Consume(")")) throw new NotSupportedException("unclosed group");
            return zeroWidth ? EmptyNode.Instance : inner;
        }

        private Node ParseQuantifier(Node atom)
        {
            if (AtEnd) return atom;
            int min, max;
            switch (Peek)
            {
                case '*': (min, max) = (0, -1); _position++; break;
                case '+': (min, max) = (1, -1); _position++; break;
                case '?': (min, max) = (0, 1); _position++; break;
                case '{': (min, max) = ReadBraces(); break;
                default: return atom;
            }

            if (!AtEnd && Peek == '?') _position++; // lazy: the same language
            if (!AtEnd && Peek is '*' or '+' or '?' or '{') throw new NotSupportedException($"nested quantifier at {_position}");
            return new RepeatNode(atom, min, max);
        }

        private (int Min, int Max) ReadBraces()
        {
            var close = pattern.IndexOf('}', _position);
            if (close < 0) throw new NotSupportedException("'{' that is not a quantifier");
            var body = pattern.AsSpan(_position + 1, close - _position - 1);
            var comma = body.IndexOf(',');
            int min, max;
            if (comma < 0)
            {
                min = max = ReadCount(body);
            }
            else
            {
                min = ReadCount(body[..comma]);
                max = comma == body.Length - 1 ? -1 : ReadCount(body[(comma + 1)..]);
            }

            _position = close + 1;
            return (min, max);
        }

        private static int ReadCount(ReadOnlySpan<char> digits) =>
            int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new NotSupportedException("'{' that is not a quantifier");

        private Node ParseClass(bool ignoreCase)
        {
            var negated = Consume("^");
            var members = new HashSet<char>();
            var large = negated;
            var first = true;
            while (true)
            {
                if (AtEnd) throw new NotSupportedException("unclosed class");
                var character = pattern[_position];
                if (character == ']' && !first)
                {
                    _position++;
                    break;
                }

                first = false;
                if (character == '[') throw new NotSupportedException("nested class or subtraction");
                var low = ReadClassCharacter(out var isSet);
                if (isSet)
                {
                    large = true;
                    continue;
                }

                if (!AtEnd && Peek == '-' && _position + 1 < pattern.Length && pattern[_position + 1] != ']')
                {
                    _position++;
                    var high = ReadClassCharacter(out var highIsSet);
                    if (highIsSet || high < low) throw new NotSupportedException("odd range in a class");
                    if (high - low >= LargestEnumeratedClass * 4) large = true;
                    else for (var member = low; member <= high; member++) members.Add(member);
                }
                else
                {
                    members.Add(low);
                }
            }

            if (large) return new CharacterNode(null);
            var folded = new HashSet<char>();
            foreach (var member in members)
            {
                if (Literal(member, ignoreCase) is not CharacterNode { Members: [var single] }) return new CharacterNode(null);
                folded.Add(single);
            }

            return folded.Count > LargestEnumeratedClass ? new CharacterNode(null) : new CharacterNode([.. folded.Order()]);
        }

        /// <summary>One character of a class; <paramref name="isSet"/> when it is a shorthand (\s, \d, \w, ...).</summary>
        private char ReadClassCharacter(out bool isSet)
        {
            isSet = false;
            var character = pattern[_position++];
            if (character != '\\') return character;
            if (AtEnd) throw new NotSupportedException("trailing backslash");
            var escaped = pattern[_position++];
            if (escaped is 's' or 'S' or 'd' or 'D' or 'w' or 'W')
            {
                isSet = true;
                return '\0';
            }

            return EscapedCharacter(escaped);
        }

        private Node ParseEscape(bool ignoreCase)
        {
            if (AtEnd) throw new NotSupportedException("trailing backslash");
            var escaped = pattern[_position++];
            return escaped switch
            {
                's' or 'S' or 'd' or 'D' or 'w' or 'W' => new CharacterNode(null),
                'b' or 'B' or 'A' or 'z' or 'Z' or 'G' => EmptyNode.Instance,
                _ => Literal(EscapedCharacter(escaped), ignoreCase),
            };
        }

        private char EscapedCharacter(char escaped)
        {
            switch (escaped)
            {
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'f': return '\f';
                case 'v': return '\v';
                case 'u': return ReadHex(4);
                case 'x': return ReadHex(2);
            }

            if (char.IsAsciiLetterOrDigit(escaped)) throw new NotSupportedException($"unknown escape \\{escaped}");
            return escaped;
        }

        private char ReadHex(int digits)
        {
            if (_position + digits > pattern.Length
                || !int.TryParse(pattern.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                throw new NotSupportedException("bad hex escape");
            _position += digits;
            return (char)code;
        }

        private bool Consume(string expected)
        {
            if (string.CompareOrdinal(pattern, _position, expected, 0, expected.Length) != 0) return false;
            _position += expected.Length;
            return true;
        }

        /// <summary>
        /// A literal as the model sees it. Ignoring case, an ASCII letter stands for itself in either case (the text is
        /// then searched ignoring case, and <see cref="KeywordAnchor.CaseVariantsOfAsciiLetters"/> covers the non-ASCII
        /// characters .NET also folds onto ASCII letters); any other character with a case is "some character".
        /// </summary>
        private static Node Literal(char character, bool ignoreCase)
        {
            if (!ignoreCase) return new CharacterNode([character]);
            if (char.IsAsciiLetter(character)) return new CharacterNode([char.ToLowerInvariant(character)]);
            return char.ToLowerInvariant(character) == character && char.ToUpperInvariant(character) == character
                ? new CharacterNode([character])
                : new CharacterNode(null);
        }
    }
}
