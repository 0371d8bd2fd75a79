namespace RefAssured.Cli;

/// <summary>The vendor's sample payload of each event, built into the tool.</summary>
internal static class Samples
{
    public static RefAssuredEventType ParseEvent(string name)
    {
        if (RefAssuredEventTypes.TryParse(name, out var type))
        {
            return type;
        }

        var known = string.Join(", ", RefAssuredEventTypes.All.Select(RefAssuredEventTypes.GetRouteName));
        throw CliException.Usage($"Unknown event '{name}': use one of {known}.");
    }

    public static byte[] Get(RefAssuredEventType type)
    {
        var name = "Samples." + RefAssuredEventTypes.GetRouteName(type) + ".json";
        using var stream = typeof(Samples).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("The built-in sample " + name + " is missing from the tool.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
