using System.Diagnostics.CodeAnalysis;

namespace RefAssured.Sdk;

/// <summary>
/// Maps route segments to <see cref="RefAssuredEventType"/> members. RefAssured's documentation
/// shows two URL styles, one hyphenated under a common prefix (<c>sales-optin</c>) and one URL per
/// event (<c>salesoptin</c>); both are accepted, compared case-insensitively.
/// </summary>
public static class RefAssuredEventTypes
{
    private static readonly (string Hyphenated, string Joined, RefAssuredEventType Type)[] Routes =
    [
        ("sales-optin", "salesoptin", RefAssuredEventType.SalesOptIn),
        ("candidate-optin", "candidateoptin", RefAssuredEventType.CandidateOptIn),
        ("candidate-notes", "candidatenotes", RefAssuredEventType.CandidateNote),
        ("reference-report", "referencereports", RefAssuredEventType.ReferenceReport),
    ];

    /// <summary>Gets every event type, in declaration order.</summary>
    public static IReadOnlyList<RefAssuredEventType> All { get; } =
        [RefAssuredEventType.SalesOptIn, RefAssuredEventType.CandidateOptIn, RefAssuredEventType.CandidateNote, RefAssuredEventType.ReferenceReport];

    /// <summary>
    /// Gets every route segment that is accepted for an event type: the hyphenated spelling first,
    /// then the one-URL-per-event spelling.
    /// </summary>
    /// <param name="type">The event type.</param>
    /// <returns>Two route segments, for example <c>sales-optin</c> and <c>salesoptin</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined member.</exception>
    public static IReadOnlyList<string> GetRouteNames(RefAssuredEventType type)
    {
        var route = Find(type);
        return [route.Hyphenated, route.Joined];
    }

    /// <summary>Gets the hyphenated route segment of an event type, for example <c>reference-report</c>.</summary>
    /// <param name="type">The event type.</param>
    /// <returns>The hyphenated route segment.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined member.</exception>
    public static string GetRouteName(RefAssuredEventType type) => Find(type).Hyphenated;

    /// <summary>
    /// Parses a route segment (either spelling, any letter case) into an event type. Never throws.
    /// </summary>
    /// <param name="route">The route segment, for example <c>candidate-notes</c> or <c>CandidateNotes</c>.</param>
    /// <param name="type">The event type when the segment is known; otherwise the default value.</param>
    /// <returns><see langword="true"/> when the segment names an event type.</returns>
    public static bool TryParse([NotNullWhen(true)] string? route, out RefAssuredEventType type) =>
        TryParse(route.AsSpan(), out type) && route is not null;

    /// <summary>
    /// Parses a route segment (either spelling, any letter case) into an event type. Never throws.
    /// </summary>
    /// <param name="route">The route segment.</param>
    /// <param name="type">The event type when the segment is known; otherwise the default value.</param>
    /// <returns><see langword="true"/> when the segment names an event type.</returns>
    public static bool TryParse(ReadOnlySpan<char> route, out RefAssuredEventType type)
    {
        foreach (var candidate in Routes)
        {
            if (route.Equals(candidate.Hyphenated, StringComparison.OrdinalIgnoreCase) ||
                route.Equals(candidate.Joined, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate.Type;
                return true;
            }
        }

        type = default;
        return false;
    }

    private static (string Hyphenated, string Joined, RefAssuredEventType Type) Find(RefAssuredEventType type)
    {
        foreach (var route in Routes)
        {
            if (route.Type == type)
            {
                return route;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined RefAssured event type.");
    }
}
