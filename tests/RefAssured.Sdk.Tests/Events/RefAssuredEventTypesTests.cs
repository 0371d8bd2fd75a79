namespace RefAssured.Sdk.Tests.Events;

public sealed class RefAssuredEventTypesTests
{
    [Theory]
    [InlineData("sales-optin", RefAssuredEventType.SalesOptIn)]
    [InlineData("salesoptin", RefAssuredEventType.SalesOptIn)]
    [InlineData("candidate-optin", RefAssuredEventType.CandidateOptIn)]
    [InlineData("candidateoptin", RefAssuredEventType.CandidateOptIn)]
    [InlineData("candidate-notes", RefAssuredEventType.CandidateNote)]
    [InlineData("candidatenotes", RefAssuredEventType.CandidateNote)]
    [InlineData("reference-report", RefAssuredEventType.ReferenceReport)]
    [InlineData("referencereports", RefAssuredEventType.ReferenceReport)]
    [InlineData("SALES-OPTIN", RefAssuredEventType.SalesOptIn)]
    [InlineData("CandidateNotes", RefAssuredEventType.CandidateNote)]
    [InlineData("ReferenceReports", RefAssuredEventType.ReferenceReport)]
    public void TryParse_BothSpellingsAnyCase_ReturnsType(string route, RefAssuredEventType expected)
    {
        Assert.True(RefAssuredEventTypes.TryParse(route, out var type));
        Assert.Equal(expected, type);
        Assert.True(RefAssuredEventTypes.TryParse(route.AsSpan(), out var fromSpan));
        Assert.Equal(expected, fromSpan);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" sales-optin")]
    [InlineData("sales-optin ")]
    [InlineData("sales_optin")]
    [InlineData("reference-reports")]
    [InlineData("referencereport")]
    [InlineData("candidate-note")]
    [InlineData("SalesOptIn/")]
    [InlineData("1")]
    [InlineData("\0")]
    public void TryParse_UnknownRoute_ReturnsFalseWithoutThrowing(string? route)
    {
        Assert.False(RefAssuredEventTypes.TryParse(route, out var type));
        Assert.Equal(default, type);
    }

    [Fact]
    public void GetRouteNames_EveryType_HasHyphenatedThenJoinedSpelling()
    {
        Assert.Equal(["sales-optin", "salesoptin"], RefAssuredEventTypes.GetRouteNames(RefAssuredEventType.SalesOptIn));
        Assert.Equal(["candidate-optin", "candidateoptin"], RefAssuredEventTypes.GetRouteNames(RefAssuredEventType.CandidateOptIn));
        Assert.Equal(["candidate-notes", "candidatenotes"], RefAssuredEventTypes.GetRouteNames(RefAssuredEventType.CandidateNote));
        Assert.Equal(["reference-report", "referencereports"], RefAssuredEventTypes.GetRouteNames(RefAssuredEventType.ReferenceReport));
    }

    [Fact]
    public void All_EveryRouteNameParsesBackToItsType()
    {
        Assert.Equal(4, RefAssuredEventTypes.All.Count);
        foreach (var type in RefAssuredEventTypes.All)
        {
            Assert.Equal(RefAssuredEventTypes.GetRouteNames(type)[0], RefAssuredEventTypes.GetRouteName(type));
            foreach (var route in RefAssuredEventTypes.GetRouteNames(type))
            {
                Assert.True(RefAssuredEventTypes.TryParse(route, out var parsed));
                Assert.Equal(type, parsed);
            }
        }
    }

    [Fact]
    public void GetRouteName_UndefinedType_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RefAssuredEventTypes.GetRouteName((RefAssuredEventType)0));
}
