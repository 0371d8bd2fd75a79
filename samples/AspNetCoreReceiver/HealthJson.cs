using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspNetCoreReceiver;

/// <summary>Writes a health report as JSON: the overall status, then each check with its description and data.</summary>
public static class HealthJson
{
    /// <summary>Writes <paramref name="report"/> to the response.</summary>
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("status", report.Status.ToString());
        writer.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            writer.WriteStartObject(name);
            writer.WriteString("status", entry.Status.ToString());
            writer.WriteString("description", entry.Description);
            writer.WriteStartObject("data");
            foreach (var (key, value) in entry.Data)
            {
                switch (value)
                {
                    case int number:
                        writer.WriteNumber(key, number);
                        break;
                    case double number:
                        writer.WriteNumber(key, number);
                        break;
                    default:
                        writer.WriteString(key, value?.ToString());
                        break;
                }
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
