using Microsoft.Extensions.Options;

namespace AspNetCoreReceiver;

/// <summary>
/// Remembers, on disk, which handler has handled which delivery, so that a redelivery after a
/// crash (handlers run at least once) is recognised and skipped. One empty file per pair.
/// </summary>
public sealed class HandledDeliveries(IOptions<SampleOptions> options)
{
    private readonly string _directory = Path.GetFullPath(options.Value.HandledDirectory);

    /// <summary>Tells whether <paramref name="handler"/> already handled the delivery.</summary>
    public bool Contains(string handler, string deliveryId) => File.Exists(PathOf(handler, deliveryId));

    /// <summary>Records that <paramref name="handler"/> handled the delivery.</summary>
    public void Add(string handler, string deliveryId)
    {
        Directory.CreateDirectory(_directory);
        using (File.Create(PathOf(handler, deliveryId)))
        {
        }
    }

    // Delivery ids are 26 letters and digits, so they are safe in a file name.
    private string PathOf(string handler, string deliveryId) => Path.Combine(_directory, $"{handler}-{deliveryId}");
}
