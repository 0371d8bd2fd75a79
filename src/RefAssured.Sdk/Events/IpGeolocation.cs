using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>Where an opt-in was submitted from, located by IP address (<c>ipGeolocation</c>).</summary>
/// <remarks><see cref="ToString"/> shows the country only; the address and city are personal data.</remarks>
public sealed record IpGeolocation
{
    /// <summary>Gets the country name (<c>country</c>), for example <c>United States</c>.</summary>
    [JsonPropertyName("country")]
    public string? Country { get; init; }

    /// <summary>Gets the region or state (<c>region</c>).</summary>
    [JsonPropertyName("region")]
    public string? Region { get; init; }

    /// <summary>Gets the city (<c>city</c>).</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the IP address as sent (<c>ip</c>); it is not validated.</summary>
    [JsonPropertyName("ip")]
    public string? Ip { get; init; }


    /// <summary>Returns the country only.</summary>
    /// <returns>For example <c>IpGeolocation { Country = United States }</c>.</returns>
    public override string ToString() => $"IpGeolocation {{ Country = {Country} }}";
}
