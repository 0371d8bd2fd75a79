namespace RefAssured.Sdk.Hosting;

/// <summary>Reports how full an inbox is, for health checks and dashboards.</summary>
public interface IRefAssuredInboxMonitor
{
    /// <summary>Counts the stored deliveries that are not completed, by state.</summary>
    /// <param name="cancellationToken">Cancels the count.</param>
    /// <returns>The counts and the age of the oldest delivery waiting.</returns>
    ValueTask<RefAssuredInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
