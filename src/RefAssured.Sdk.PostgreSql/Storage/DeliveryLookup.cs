using Npgsql;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>Reads one delivery's row in any state, for operators; it takes no lock and changes nothing.</summary>
internal sealed class DeliveryLookup(InboxDatabase database)
{
    private const string Details = "state, available_at, lease_owner, last_error, dead_lettered_at, completed_at, octet_length(body), now()";

    /// <summary>Returns the row, or null when no row has the id; the body only when <paramref name="includeBody"/>.</summary>
    public async Task<StoredDeliveryRow?> FindAsync(string deliveryId, bool includeBody, CancellationToken cancellationToken)
    {
        var columns = DeliveryRows.ColumnsWith(includeBody ? "body" : "NULL::bytea");
        await using var command = database.Command($"SELECT {columns}, {Details} FROM {database.Deliveries} WHERE delivery_id = @id");
        command.Parameters.Add(new NpgsqlParameter<string>("id", deliveryId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var i = DeliveryRows.ColumnCount;
        return new StoredDeliveryRow(
            DeliveryRows.Read(reader),
            reader.GetInt16(i),
            DeliveryRows.ReadTime(reader, i + 1),
            reader.IsDBNull(i + 2) ? null : reader.GetString(i + 2),
            reader.IsDBNull(i + 3) ? null : reader.GetString(i + 3),
            DeliveryRows.ReadTimeOrNull(reader, i + 4),
            DeliveryRows.ReadTimeOrNull(reader, i + 5),
            reader.IsDBNull(i + 6) ? null : reader.GetInt32(i + 6),
            DeliveryRows.ReadTime(reader, i + 7));
    }
}
