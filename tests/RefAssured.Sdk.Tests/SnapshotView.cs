using System.Text;
using System.Text.Json;

namespace RefAssured.Sdk.Tests;

/// <summary>
/// A plain tree of a parsed event, property by property under the C# names, for snapshots and
/// comparisons. Report content is shown as its base64 text.
/// </summary>
internal static class SnapshotView
{
    public static Dictionary<string, object?> Of(RefAssuredEvent evt)
    {
        var view = new Dictionary<string, object?>
        {
            ["EventType"] = evt.EventType.ToString(),
            ["ReferenceRequestId"] = evt.ReferenceRequestId,
        };
        if (evt is OptInEvent optIn)
        {
            view["IsCandidateLead"] = optIn.IsCandidateLead;
            view["IsSalesLead"] = optIn.IsSalesLead;
            view["PersonId"] = optIn.PersonId;
            view["CompanyName"] = optIn.CompanyName;
            view["Email"] = optIn.Email;
            view["FirstName"] = optIn.FirstName;
            view["LastName"] = optIn.LastName;
            view["Mobile"] = optIn.Mobile;
            view["Title"] = optIn.Title;
            view["CandidateTitle"] = optIn.CandidateTitle;
            view["IpGeolocation"] = optIn.IpGeolocation is { } geo
                ? new Dictionary<string, object?> { ["Country"] = geo.Country, ["Region"] = geo.Region, ["City"] = geo.City, ["Ip"] = geo.Ip }
                : null;
        }

        view["Candidate"] = evt.Candidate is { } c
            ? new Dictionary<string, object?>
            {
                ["PersonId"] = c.PersonId, ["FirstName"] = c.FirstName, ["LastName"] = c.LastName, ["Email"] = c.Email,
                ["Mobile"] = c.Mobile, ["ExternalIds"] = Ids(c.ExternalIds),
            }
            : null;
        view["ExternalIdsMeta"] = Ids(evt.ExternalIdsMeta);
        switch (evt)
        {
            case CandidateNote note:
                view["HtmlNote"] = note.HtmlNote;
                view["TextNote"] = note.TextNote;
                view["Action"] = note.Action is { } action ? new Dictionary<string, object?> { ["Kind"] = action.Kind.ToString(), ["Value"] = action.Value } : null;
                break;
            case ReferenceReport report:
                view["File"] = report.File is { } file
                    ? new Dictionary<string, object?>
                    {
                        ["Base64Content"] = Encoding.UTF8.GetString(file.Base64Content.Span),
                        ["FileType"] = file.FileType, ["FileName"] = file.FileName, ["IsPdf"] = file.IsPdf,
                        ["HasValidContent"] = file.HasValidContent(),
                    }
                    : null;
                view["SafeFileName"] = report.SafeFileName;
                break;
        }

        return view;
    }

    public static string Json(RefAssuredEvent evt) => JsonSerializer.Serialize(Of(evt));

    private static Dictionary<string, string>? Ids(ExternalIds? ids) => ids?.ToDictionary(e => e.Key, e => e.Value);
}
