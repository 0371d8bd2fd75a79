using System.Text.Json.Serialization;

namespace RefAssured.Sdk;

/// <summary>
/// A reference who opted in, as a sales lead (<see cref="SalesOptIn"/>) or as a candidate
/// (<see cref="CandidateOptIn"/>). Both events carry these same fields; the route decides which
/// one a delivery is. The person fields describe the reference; <see cref="RefAssuredEvent.Candidate"/>
/// is the candidate they gave a reference for.
/// </summary>
public abstract record OptInEvent : RefAssuredEvent
{
    /// <summary>Gets whether the reference opted in as a candidate lead (<c>isCandidateLead</c>).</summary>
    [JsonPropertyName("isCandidateLead")]
    public bool? IsCandidateLead { get; init; }

    /// <summary>Gets whether the reference opted in as a sales lead (<c>isSalesLead</c>).</summary>
    [JsonPropertyName("isSalesLead")]
    public bool? IsSalesLead { get; init; }

    /// <summary>Gets RefAssured's identifier of the reference (<c>personId</c>).</summary>
    [JsonPropertyName("personId")]
    public long? PersonId { get; init; }

    /// <summary>Gets the reference's current company (<c>companyName</c>).</summary>
    [JsonPropertyName("companyName")]
    public string? CompanyName { get; init; }

    /// <summary>Gets the reference's email address (<c>personEmail</c>).</summary>
    [JsonPropertyName("personEmail")]
    public string? Email { get; init; }

    /// <summary>Gets the reference's first name (<c>personFirst</c>).</summary>
    [JsonPropertyName("personFirst")]
    public string? FirstName { get; init; }

    /// <summary>Gets the reference's last name (<c>personLast</c>).</summary>
    [JsonPropertyName("personLast")]
    public string? LastName { get; init; }

    /// <summary>Gets the reference's mobile phone number (<c>personMobile</c>).</summary>
    [JsonPropertyName("personMobile")]
    public string? Mobile { get; init; }

    /// <summary>Gets the reference's current job title (<c>title</c>).</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Gets the position the candidate was referenced for (<c>candidateTitle</c>).</summary>
    [JsonPropertyName("candidateTitle")]
    public string? CandidateTitle { get; init; }

    /// <summary>Gets where the opt-in was submitted from (<c>ipGeolocation</c>).</summary>
    [JsonPropertyName("ipGeolocation")]
    public IpGeolocation? IpGeolocation { get; init; }
}
