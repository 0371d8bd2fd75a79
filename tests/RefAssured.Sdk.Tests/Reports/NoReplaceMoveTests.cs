namespace RefAssured.Sdk.Tests.Reports;

public sealed class NoReplaceMoveTests : IDisposable
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "refassured-tests", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TryMove_FreeName_MovesTheFile()
    {
        var source = Write("source.tmp", "report");
        var destination = Path.Combine(_directory, "report.pdf");

        Assert.True(NoReplaceMove.TryMove(source, destination));

        Assert.False(File.Exists(source));
        Assert.Equal("report", File.ReadAllText(destination));
    }

    [Fact]
    public void TryMove_TakenName_ReturnsFalseAndChangesNothing()
    {
        var source = Write("source.tmp", "new");
        var destination = Write("report.pdf", "old");

        Assert.False(NoReplaceMove.TryMove(source, destination));

        Assert.Equal("old", File.ReadAllText(destination));
        Assert.Equal("new", File.ReadAllText(source));
    }

    // Many writers race for one name, round after round: exactly one of them may take it each time.
    [Fact]
    public async Task TryMove_ManyWritersAtOnce_ExactlyOneTakesTheName()
    {
        const int Writers = 8;
        for (var round = 0; round < 50; round++)
        {
            var destination = Path.Combine(_directory, $"round{round}.pdf");
            var sources = Enumerable.Range(0, Writers).Select(writer => Write($"{round}-{writer}.tmp", writer.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
            using var start = new Barrier(Writers);

            var moved = await Task.WhenAll(sources.Select(source => Task.Run(() =>
            {
                start.SignalAndWait(TestContext.Current.CancellationToken);
                return NoReplaceMove.TryMove(source, destination);
            })));

            var winner = Assert.Single(Enumerable.Range(0, Writers), writer => moved[writer]);
            Assert.Equal(winner.ToString(System.Globalization.CultureInfo.InvariantCulture), await File.ReadAllTextAsync(destination, TestContext.Current.CancellationToken));
            Assert.All(Enumerable.Range(0, Writers).Where(writer => writer != winner), writer => Assert.True(File.Exists(sources[writer])));
        }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}
