using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>The data source and the names every part of the inbox writes into its SQL.</summary>
internal sealed class InboxDatabase
{
    public InboxDatabase(NpgsqlDataSource dataSource, string schema)
    {
        DataSource = dataSource;
        SchemaName = schema;
        // The schema name was validated as a plain identifier, so quoting it is all it needs.
        Schema = '"' + schema + '"';
        Deliveries = Schema + ".deliveries";
        Channel = Schema;
    }

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Gets the schema's name as configured.</summary>
    public string SchemaName { get; }

    /// <summary>Gets the schema's name quoted for SQL.</summary>
    public string Schema { get; }

    /// <summary>Gets the deliveries table's qualified name.</summary>
    public string Deliveries { get; }

    /// <summary>Gets the <c>LISTEN</c>/<c>NOTIFY</c> channel announcing due deliveries, quoted: the schema's name, so that each inbox has its own.</summary>
    public string Channel { get; }

    public NpgsqlCommand Command(string sql) => DataSource.CreateCommand(sql);
}
