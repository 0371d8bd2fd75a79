using Npgsql;
using NpgsqlTypes;

namespace RefAssured.Sdk.PostgreSql;

/// <summary>
/// Claims due deliveries for this instance and keeps its leases alive. A claim locks due rows with
/// <c>FOR UPDATE SKIP LOCKED</c>, so that instances claiming together take different rows, and
/// gives each a new lease token and an expiry measured on the database's clock, so that the
/// instances' own clocks do not matter.
/// </summary>
internal sealed class DeliveryClaims
{
    /// <summary>The largest body a claim returns with its row; a larger one is read when its delivery is handed out (<see cref="ReadBodyAsync"/>), so that deliveries claimed ahead do not hold large bodies in memory.</summary>
    public const int InlineBodyLimit = 1024 * 1024;

    private readonly InboxDatabase _database;
    private readonly string _owner;
    private readonly TimeSpan _leaseDuration;
    private readonly string _claim;
    private readonly string _nextDue;
    private readonly string _renew;
    private readonly string _body;

    public DeliveryClaims(InboxDatabase database, string owner, TimeSpan leaseDuration)
    {
        _database = database;
        _owner = owner;
        _leaseDuration = leaseDuration;
        var t = database.Deliveries;
        // A retry is a new attempt; a row taken back after a release or an expired lease is not.
        // The due time is read before the update puts the lease's expiry in its place.
        _claim = $"""
            UPDATE {t} SET state = {DeliveryStates.InFlight},
                attempt = CASE WHEN state = {DeliveryStates.RetryScheduled} THEN attempt + 1 ELSE attempt END,
                lease_owner = @owner, lease_token = gen_random_uuid(), available_at = now() + @lease
            FROM (
                SELECT delivery_id AS due_id, available_at AS due_at FROM {t}
                WHERE state IN {DeliveryStates.Claimable} AND available_at <= now()
                ORDER BY available_at LIMIT @limit
                FOR UPDATE SKIP LOCKED) AS due
            WHERE delivery_id = due.due_id
            RETURNING {DeliveryRows.ColumnsWith($"CASE WHEN octet_length(body) <= {InlineBodyLimit} THEN body END")},
                lease_token, due.due_at, octet_length(body) > {InlineBodyLimit}
            """;
        _body = $"SELECT body FROM {t} WHERE delivery_id = @id AND lease_token = @token";
        _nextDue = $"SELECT min(available_at) - now() FROM {t} WHERE state IN {DeliveryStates.Claimable}";
        _renew = $"""
            UPDATE {t} AS d SET available_at = now() + @lease
            FROM unnest(@ids, @tokens) AS held(delivery_id, lease_token)
            WHERE d.delivery_id = held.delivery_id AND d.lease_token = held.lease_token AND d.state = {DeliveryStates.InFlight}
            """;
    }

    /// <summary>Claims up to <paramref name="limit"/> due deliveries, oldest due first.</summary>
    public async Task<List<ClaimedDelivery>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_claim);
        command.Parameters.Add(new NpgsqlParameter<string>("owner", _owner));
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = _leaseDuration });
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var claimed = new List<(ClaimedDelivery Claim, DateTime DueAt)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            const int Token = DeliveryRows.ColumnCount;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var claim = new ClaimedDelivery(DeliveryRows.Read(reader), reader.GetGuid(Token), reader.GetBoolean(Token + 2));
                claimed.Add((claim, reader.GetFieldValue<DateTime>(Token + 1)));
            }
        }

        // RETURNING keeps no order; hand them out in the order they became due, the older first when due together.
        return claimed.OrderBy(c => c.DueAt).ThenBy(c => c.Claim.Delivery.ReceivedAt).Select(c => c.Claim).ToList();
    }

    /// <summary>Reads the body of a claimed delivery.</summary>
    /// <returns>The body, or <see langword="null"/> when the row no longer carries the lease token (another instance took it over).</returns>
    public async Task<byte[]?> ReadBodyAsync(string deliveryId, Guid token, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_body);
        command.Parameters.Add(new NpgsqlParameter<string>("id", deliveryId));
        command.Parameters.Add(new NpgsqlParameter<Guid>("token", token));
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? await reader.GetFieldValueAsync<byte[]>(0, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Gets how long until the next delivery becomes due (zero or less when one is due now), or <see langword="null"/> when none waits.</summary>
    public async Task<TimeSpan?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_nextDue);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is TimeSpan due ? due : null;
    }

    /// <summary>Extends the leases this instance still holds; a lease taken over by another instance is left as it is.</summary>
    public async Task RenewAsync(string[] ids, Guid[] tokens, CancellationToken cancellationToken)
    {
        await using var command = _database.Command(_renew);
        command.Parameters.Add(new NpgsqlParameter<TimeSpan>("lease", NpgsqlDbType.Interval) { TypedValue = _leaseDuration });
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", ids));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("tokens", tokens));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A delivery claimed for this instance, with its lease token; its body is still in the database when <paramref name="BodyDeferred"/>.</summary>
internal sealed record ClaimedDelivery(RefAssuredDelivery Delivery, Guid Token, bool BodyDeferred);
