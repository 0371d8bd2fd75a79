using System.Collections.Frozen;
using Npgsql;
using NpgsqlTypes;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>How a delivery maps to the columns of a row, both ways.</summary>
internal static class DeliveryRows
{
    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    public static readonly string Columns = ColumnsWith("body");

    /// <summary>The number of columns in <see cref="Columns"/>; a query may select more after them.</summary>
    public const int ColumnCount = 9;

    private static readonly IReadOnlyDictionary<string, string> NoRouteValues = FrozenDictionary<string, string>.Empty;

    /// <summary>The columns <see cref="Read"/> expects, with an expression in place of the body.</summary>
    public static string ColumnsWith(string body) => $"delivery_id, event_type, received_at, route_keys, route_values, trace_parent, {body}, attempt, completed_handlers";

    /// <summary>Reads the delivery from the current row, whose first columns are <see cref="Columns"/>.</summary>
    public static RefAssuredDelivery Read(NpgsqlDataReader reader)
    {
        var received = ReadTime(reader, 2);
        var body = reader.IsDBNull(6) ? [] : reader.GetFieldValue<byte[]>(6);
        return new RefAssuredDelivery(reader.GetString(0), Enum.Parse<RefAssuredEventType>(reader.GetString(1)), received, body)
        {
            RouteValues = RouteValues(reader.GetFieldValue<string[]>(3), reader.GetFieldValue<string[]>(4)),
            TraceParent = reader.IsDBNull(5) ? null : reader.GetString(5),
            Attempt = reader.GetInt32(7),
            CompletedHandlers = Handlers(reader.GetFieldValue<string[]>(8)),
        };
    }

    /// <summary>Adds the parameters of a new row: <c>@id, @type, @received, @keys, @values, @trace, @body, @attempt, @handlers</c>.</summary>
    public static void AddParameters(NpgsqlParameterCollection parameters, RefAssuredDelivery delivery)
    {
        // Keys and values from one pass over the pairs, so that they stay in the same order.
        var routeValues = delivery.RouteValues.ToArray();
        parameters.Add(new NpgsqlParameter<string>("id", delivery.DeliveryId));
        parameters.Add(new NpgsqlParameter<string>("type", delivery.EventType.ToString()));
        parameters.Add(Time("received", delivery.ReceivedAt));
        parameters.Add(new NpgsqlParameter<string[]>("keys", routeValues.Select(r => r.Key).ToArray()));
        parameters.Add(new NpgsqlParameter<string[]>("values", routeValues.Select(r => r.Value).ToArray()));
        parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)delivery.TraceParent ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("body", NpgsqlDbType.Bytea) { TypedValue = delivery.Body });
        parameters.Add(new NpgsqlParameter<int>("attempt", delivery.Attempt));
        parameters.Add(Handlers("handlers", delivery.CompletedHandlers));
    }

    public static NpgsqlParameter<string[]> Handlers(string name, IReadOnlySet<string> handlers) => new(name, handlers.Order(StringComparer.Ordinal).ToArray());

    /// <summary>A time as a <c>timestamptz</c> parameter (which takes UTC only).</summary>
    public static NpgsqlParameter<DateTime> Time(string name, DateTimeOffset time) => new(name, NpgsqlDbType.TimestampTz) { TypedValue = time.UtcDateTime };

    /// <summary>Reads a <c>timestamptz</c> column (which Npgsql reads as a UTC <see cref="DateTime"/>).</summary>
    public static DateTimeOffset ReadTime(NpgsqlDataReader reader, int column) => new(reader.GetFieldValue<DateTime>(column), TimeSpan.Zero);

    /// <summary>Reads a <c>timestamptz</c> column that may be null.</summary>
    public static DateTimeOffset? ReadTimeOrNull(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : ReadTime(reader, column);

    private static IReadOnlyDictionary<string, string> RouteValues(string[] keys, string[] values)
    {
        if (keys.Length == 0)
        {
            return NoRouteValues;
        }

        var routeValues = new Dictionary<string, string>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length && i < values.Length; i++)
        {
            routeValues[keys[i]] = values[i];
        }

        return routeValues;
    }

    private static FrozenSet<string> Handlers(string[] names) =>
        names.Length == 0 ? FrozenSet<string>.Empty : names.ToFrozenSet(StringComparer.Ordinal);
}
