namespace RefAssured.Sdk.Tests.Events;

public sealed class RefAssuredEventTests
{
    [Theory]
    [InlineData(RefAssuredEventType.SalesOptIn)]
    [InlineData(RefAssuredEventType.CandidateOptIn)]
    [InlineData(RefAssuredEventType.CandidateNote)]
    [InlineData(RefAssuredEventType.ReferenceReport)]
    public void ToString_NeverContainsPersonalData(RefAssuredEventType type)
    {
        var evt = Fixture.ParseOk(type, Fixture.Bytes(Fixture.For(type)));

        var texts = new[] { evt.ToString(), evt.Candidate!.ToString(), (evt as OptInEvent)?.IpGeolocation?.ToString() ?? "", RefAssuredEventParser.Parse(type, Fixture.Bytes(Fixture.For(type)).AsMemory()).ToString() };

        foreach (var text in texts)
        {
            foreach (var personal in new[] { "Jane", "Smith", "John", "Doe", "@example.com", "6225555", "192.0.2.1", "San Francisco", "Reference request sent" })
            {
                Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
            }
        }

        Assert.StartsWith(type.ToString() + " { ReferenceRequestId = ", evt.ToString(), StringComparison.Ordinal);
        Assert.Contains("CandidatePersonId = 30001", evt.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void With_CopiesEventAndKeepsValueEquality()
    {
        var evt = Fixture.ParseOk<SalesOptIn>(RefAssuredEventType.SalesOptIn, Fixture.Bytes(Fixture.SalesOptIn));

        var copy = evt with { CompanyName = "Other" };

        Assert.Equal("Other", copy.CompanyName);
        Assert.Equal("Acme Corp", evt.CompanyName);
        Assert.Equal(evt, evt with { });
        Assert.NotEqual(evt, copy);
    }

    [Fact]
    public void ExternalIds_EqualContentIsEqual_OrderMatters()
    {
        var a = new ExternalIds([new("x", "1"), new("y", "2")]);
        var b = new ExternalIds([new("x", "1"), new("y", "2")]);
        var c = new ExternalIds([new("y", "2"), new("x", "1")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal("ExternalIds { x, y }", a.ToString());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void ExternalIds_FewOrMany_LookUpAnyCaseAndKeepTheFirstValue(int count)
    {
        var entries = Enumerable.Range(0, count).Select(i => new KeyValuePair<string, string>("system" + i, "id" + i)).ToList();
        entries.Add(new("SYSTEM0", "later"));
        entries.Add(new("System" + (count - 1), "later"));

        foreach (var ids in new[] { new ExternalIds(entries), new ExternalIds(entries.AsEnumerable().Select(e => e)) })
        {
            Assert.Equal(count, ids.Count);
            Assert.Equal(entries.Take(count), ids);
            Assert.Equal("id0", ids["System0"]);
            Assert.True(ids.TryGetValue("SYSTEM" + (count - 1), out var last));
            Assert.Equal("id" + (count - 1), last);
            Assert.True(ids.ContainsKey("system1"));
            Assert.False(ids.ContainsKey("system" + count));
            Assert.False(ids.TryGetValue("other", out _));
            Assert.Throws<KeyNotFoundException>(() => ids["other"]);
            Assert.Throws<ArgumentNullException>(() => ids.ContainsKey(null!));
        }

        Assert.Throws<ArgumentNullException>(() => new ExternalIds([new(null!, "1")]));
    }

    [Fact]
    public void CandidateNoteAction_KnownInstances_HaveTheirKinds()
    {
        Assert.Equal(CandidateNoteActionKind.RefAssuredSent, CandidateNoteAction.RefAssuredSent.Kind);
        Assert.Equal(CandidateNoteActionKind.RefAssuredCompleted, CandidateNoteAction.RefAssuredCompleted.Kind);
        Assert.Equal(CandidateNoteActionKind.IpCollision, CandidateNoteAction.IpCollision.Kind);
        Assert.Equal(CandidateNoteAction.IpCollision, new CandidateNoteAction("IP Collision"));
        Assert.Equal(string.Empty, default(CandidateNoteAction).Value);
    }
}
