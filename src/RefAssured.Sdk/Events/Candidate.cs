using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>The candidate a reference is about (<c>candidate</c> in every event).</summary>
/// <remarks><see cref="ToString"/> shows <see cref="PersonId"/> only, never personal data.</remarks>
public sealed record Candidate
{
    /// <summary>Gets RefAssured's identifier of the candidate (<c>personId</c>).</summary>
    [JsonPropertyName("personId")]
    public long? PersonId { get; init; }

    /// <summary>Gets the candidate's first name (<c>personFirst</c>).</summary>
    [JsonPropertyName("personFirst")]
    public string? FirstName { get; init; }

    /// <summary>Gets the candidate's last name (<c>personLast</c>).</summary>
    [JsonPropertyName("personLast")]
    public string? LastName { get; init; }

    /// <summary>Gets the candidate's email address (<c>personEmail</c>).</summary>
    [JsonPropertyName("personEmail")]
    public string? Email { get; init; }

    /// <summary>Gets the candidate's mobile phone number (<c>personMobile</c>).</summary>
    [JsonPropertyName("personMobile")]
    public string? Mobile { get; init; }

    /// <summary>Gets the candidate's IDs in other systems, such as Bullhorn or Salesforce (<c>externalIds</c>).</summary>
    [JsonPropertyName("externalIds")]
    public ExternalIds? ExternalIds { get; init; }


    /// <summary>Returns the candidate's identifier, without personal data.</summary>
    /// <returns>For example <c>Candidate { PersonId = 30001 }</c>.</returns>
    public override string ToString() => $"Candidate {{ PersonId = {PersonId} }}";
}
