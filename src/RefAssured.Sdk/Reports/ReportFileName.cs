using System.Globalization;
using System.Text;

namespace RefAssured.Sdk;

/// <summary>
/// Turns the untrusted <c>fileName</c> of a report into a name that is safe on Windows, Linux and
/// macOS: one file name, no directory, no traversal, no device name, no hidden file, bounded
/// length, ending in <c>.pdf</c>.
/// </summary>
public static class ReportFileName
{
    /// <summary>The name used when neither the file name nor the event gives a usable one.</summary>
    public const string DefaultName = "RefAssured_Report.pdf";

    /// <summary>The longest name produced, in UTF-8 bytes; well under every file system's limit of 255.</summary>
    public const int MaxLengthInBytes = 120;

    private const string Extension = ".pdf";

    // Marks where a name too long was shortened; ASCII, so one byte.
    private const char ShortenedMarker = '~';

    private static readonly string[] ReservedNames =
    [
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    ];

    /// <summary>
    /// Makes a safe name for a report: the sanitized <paramref name="fileName"/> when usable, else
    /// <c>RefAssured_Report_{referenceRequestId}.pdf</c>, else <c>RefAssured_Report_{deliveryId}.pdf</c>,
    /// else one built from the candidate's name or id, else <see cref="DefaultName"/>. Pass the
    /// delivery id so that two reports of one candidate without a usable name or a request id get
    /// different names.
    /// </summary>
    /// <param name="fileName">The vendor's suggested file name; untrusted.</param>
    /// <param name="referenceRequestId">The reference request id, when known.</param>
    /// <param name="candidate">The candidate, when known.</param>
    /// <param name="deliveryId">The id of the delivery that carried the report (<see cref="RefAssuredEventContext.DeliveryId"/>), when known.</param>
    /// <returns>A safe file name ending in <c>.pdf</c>.</returns>
    public static string Create(string? fileName, long? referenceRequestId, Candidate? candidate, string? deliveryId = null)
    {
        if (Sanitize(fileName) is { } sanitized)
        {
            return sanitized;
        }

        if (referenceRequestId is { } id)
        {
            return string.Create(CultureInfo.InvariantCulture, $"RefAssured_Report_{id}{Extension}");
        }

        var delivery = Slug(deliveryId ?? string.Empty);
        if (delivery.Length > 0 && Sanitize($"RefAssured_Report_{delivery}") is { } byDelivery)
        {
            return byDelivery;
        }

        if (candidate is not null)
        {
            var name = Slug($"{candidate.FirstName} {candidate.LastName}");
            if (name.Length > 0 && Sanitize($"RefAssured_Report_{name}") is { } byName)
            {
                return byName;
            }

            if (candidate.PersonId is { } personId)
            {
                return string.Create(CultureInfo.InvariantCulture, $"RefAssured_Report_Candidate_{personId}{Extension}");
            }
        }

        return DefaultName;
    }

    /// <summary>
    /// Sanitizes an untrusted file name: keeps only the last path segment (either separator, drive
    /// letters removed), replaces control, formatting and reserved characters with <c>_</c>, collapses
    /// <c>..</c>, removes leading dots and trailing dots and spaces, refuses device names such as
    /// <c>CON</c> or <c>COM1</c>, and ends the name in <c>.pdf</c>. A name longer than
    /// <see cref="MaxLengthInBytes"/> is shortened in the middle: its start and its end (where
    /// names usually carry an id) are kept, joined by <c>~</c>.
    /// </summary>
    /// <param name="fileName">The untrusted file name.</param>
    /// <returns>The safe name, or <see langword="null"/> when nothing usable is left (no letter or digit, or a device name).</returns>
    public static string? Sanitize(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var name = LastSegment(fileName.AsSpan());
        var cleaned = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            cleaned.Append(IsUnsafe(rune) ? "_" : rune.ToString());
        }

        var text = CollapseDots(cleaned.ToString()).Trim().TrimEnd('.', ' ');
        if (text.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^Extension.Length];
        }

        text = text.TrimStart('.', ' ').TrimEnd('.', ' ');

        text = ShortenMiddle(text, MaxLengthInBytes - Extension.Length);
        return !text.Any(char.IsLetterOrDigit) || IsReserved(text) ? null : text + Extension;
    }

    // Letters and digits of a name, other runs of characters turned into one underscore.
    private static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }

    private static ReadOnlySpan<char> LastSegment(ReadOnlySpan<char> name)
    {
        var separator = name.LastIndexOfAny('/', '\\');
        if (separator >= 0)
        {
            name = name[(separator + 1)..];
        }

        // A drive-relative name such as "C:report.pdf".
        return name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':' ? name[2..] : name;
    }

    private static bool IsUnsafe(Rune rune) =>
        Rune.IsControl(rune) ||
        rune == Rune.ReplacementChar ||
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse ||
        (rune.IsAscii && "<>:\"/\\|?*".Contains((char)rune.Value, StringComparison.Ordinal));

    private static string CollapseDots(string text)
    {
        while (text.Contains("..", StringComparison.Ordinal))
        {
            text = text.Replace("..", ".", StringComparison.Ordinal);
        }

        return text;
    }

    private static bool IsReserved(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var stem = (dot < 0 ? text : text[..dot]).TrimEnd(' ');
        return ReservedNames.Contains(stem, StringComparer.OrdinalIgnoreCase);
    }

    // Keeps as many bytes of the end as of the start (one more for the start when odd), whole
    // characters only, and joins them with the marker.
    private static string ShortenMiddle(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - 1;
        var tailBudget = budget / 2;
        var tailStart = text.Length;
        var tailBytes = 0;
        while (tailStart > 0)
        {
            var start = char.IsLowSurrogate(text[tailStart - 1]) && tailStart > 1 && char.IsHighSurrogate(text[tailStart - 2]) ? tailStart - 2 : tailStart - 1;
            var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(start, tailStart - start));
            if (tailBytes + bytes > tailBudget)
            {
                break;
            }

            tailBytes += bytes;
            tailStart = start;
        }

        var head = new StringBuilder();
        var headBytes = 0;
        foreach (var rune in text.AsSpan(0, tailStart).EnumerateRunes())
        {
            headBytes += rune.Utf8SequenceLength;
            if (headBytes > budget - tailBytes)
            {
                break;
            }

            head.Append(rune.ToString());
        }

        return head.Append(ShortenedMarker).Append(text.AsSpan(tailStart)).ToString();
    }
}
