using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RefAssured.Cli;

/// <summary>Writes one JSON document for <c>--json</c>, with a writer that needs no reflection.</summary>
internal static class JsonOutput
{
    // Written for a terminal or a script, never into HTML: quotes, apostrophes and accents stay as they are rather than \u escapes.
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteResult(Utf8JsonWriter writer, DeliveryResult result)
    {
        if (result.Status is { } status)
        {
            writer.WriteNumber("status", status);
        }
        else
        {
            writer.WriteNull("status");
        }

        writer.WriteNumber("elapsedMs", Math.Round(result.Elapsed.TotalMilliseconds, 1));
        writer.WriteString("answer", result.Answer);
        if (result.Error is not null)
        {
            writer.WriteString("error", result.Error);
        }
    }

    /// <summary>Writes <paramref name="time"/> in UTC, or null when there is none.</summary>
    public static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value.ToUniversalTime());
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
