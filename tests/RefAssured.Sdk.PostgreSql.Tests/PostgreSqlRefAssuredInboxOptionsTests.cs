namespace RefAssured.Sdk.PostgreSql.Tests;

public sealed class PostgreSqlRefAssuredInboxOptionsTests
{
    [Fact]
    public void Validate_Defaults_WithAConnectionString_FindNoProblem() =>
        Assert.Empty(new PostgreSqlRefAssuredInboxOptions { ConnectionString = "Host=db" }.Validate());

    [Fact]
    public void Validate_NeitherOrBothOfDataSourceAndConnectionString_IsAProblem()
    {
        using var dataSource = Npgsql.NpgsqlDataSource.Create("Host=db");

        Assert.Single(new PostgreSqlRefAssuredInboxOptions().Validate());
        Assert.Single(new PostgreSqlRefAssuredInboxOptions { DataSource = dataSource, ConnectionString = "Host=db" }.Validate());
        Assert.Empty(new PostgreSqlRefAssuredInboxOptions { DataSource = dataSource }.Validate());
    }

    [Theory]
    [InlineData("RefAssured")]
    [InlineData("ref-assured")]
    [InlineData("1inbox")]
    [InlineData("inbox\"; DROP TABLE x; --")]
    [InlineData("")]
    [InlineData("a_schema_name_of_sixty_four_bytes_is_one_byte_past_the_limit_xxx")]
    public void Constructor_SchemaNameThatIsNotAPlainIdentifier_ThrowsArgumentExceptionNamingSchema(string schema)
    {
        var exception = Assert.Throws<ArgumentException>(() => new PostgreSqlRefAssuredInbox(new PostgreSqlRefAssuredInboxOptions { ConnectionString = "Host=db", Schema = schema }));

        Assert.Contains("Schema must be lower-case letters, digits and underscores", exception.Message, StringComparison.Ordinal);
        Assert.Equal("options", exception.ParamName);
    }

    [Theory]
    [InlineData("refassured")]
    [InlineData("_inbox_2")]
    [InlineData("a_schema_name_of_sixty_three_bytes_is_just_within_the_limit_xxx")]
    public void Validate_PlainIdentifierAsSchema_IsAccepted(string schema) =>
        Assert.Empty(new PostgreSqlRefAssuredInboxOptions { ConnectionString = "Host=db", Schema = schema }.Validate());

    [Fact]
    public void Validate_EveryBadValue_ReportsEachProblemAtOnce()
    {
        var options = new PostgreSqlRefAssuredInboxOptions
        {
            Schema = "Bad",
            LeaseDuration = TimeSpan.FromMilliseconds(500),
            PollInterval = TimeSpan.Zero,
            Retention = TimeSpan.Zero,
            CompletedBodyRetention = TimeSpan.FromSeconds(-1),
            DeadLetterRetention = TimeSpan.Zero,
            InstanceName = " ",
        };

        var problems = options.Validate();

        Assert.Equal(8, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("InstanceName", StringComparison.Ordinal));
    }
}
