using System.Text;
using System.Text.Json;

namespace RefAssured.Cli;

/// <summary>Writes one JSON document for <c>--json</c>, with a writer that needs no reflection.</summary>
internal static class JsonOutput
{
    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
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
}
