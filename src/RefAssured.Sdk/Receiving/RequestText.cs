using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.Hosting;

/// <summary>
/// Makes text that came with a request (a route, a method, a content type, a JSON path, an
/// address) safe to put into a problem detail or a log line: control characters, line and
/// paragraph separators, bidirectional overrides and lone surrogates are written as escapes
/// (<c>\n</c>, <c>\u2028</c>), so that no value can start a forged log line, and the result is
/// cut to a bounded length with an ellipsis.
/// </summary>
internal static class RequestText
{
    /// <summary>The default bound on the escaped length of one value.</summary>
    public const int DefaultMaxLength = 64;

    private const char Ellipsis = '…';

    /// <summary>Returns the value escaped and cut to at most <paramref name="maxLength"/> characters (plus an ellipsis), or <c>(none)</c> for <see langword="null"/>.</summary>
    public static string Describe(string? value, int maxLength = DefaultMaxLength) =>
        value is null ? "(none)" : Escape(value, maxLength);

    /// <summary>Returns the value escaped and cut to at most <paramref name="maxLength"/> characters (plus an ellipsis); <see langword="null"/> stays <see langword="null"/>.</summary>
    public static string? EscapeOrNull(string? value, int maxLength = DefaultMaxLength) =>
        value is null ? null : Escape(value, maxLength);

    /// <summary>Returns the value with every unsafe character escaped and no length bound.</summary>
    public static string Escape(string value) => Escape(value, int.MaxValue);

    /// <summary>Returns the value escaped and cut to at most <paramref name="maxLength"/> characters, plus an ellipsis when cut.</summary>
    public static string Escape(string value, int maxLength)
    {
        if (value.Length <= maxLength && !NeedsEscape(value))
        {
            return value;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var piece = pair ? value.AsSpan(i, 2) : IsUnsafe(c) ? EscapeOf(c).AsSpan() : value.AsSpan(i, 1);
            if (text.Length + piece.Length > maxLength)
            {
                return text.Append(Ellipsis).ToString();
            }

            text.Append(piece);
            i += pair ? 1 : 0;
        }

        return text.ToString();
    }

    private static bool NeedsEscape(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return true;
            }
        }

        return false;
    }

    // C0 and C1 controls and DEL, line and paragraph separators, bidirectional embeddings,
    // overrides and isolates (which can make a log line read other than it is), and surrogates
    // not in a pair (a pair is handled by the caller).
    private static bool IsUnsafe(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    private static string EscapeOf(char c) => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
    };
}
