namespace HttpListenerReceiver;

/// <summary>Remembers on disk which handler handled which delivery (one empty file per pair), so a redelivery is recognised.</summary>
internal sealed class HandledDeliveries(string directory)
{
    public bool Contains(string handler, string deliveryId) => File.Exists(PathOf(handler, deliveryId));

    public void Add(string handler, string deliveryId)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(PathOf(handler, deliveryId), []);
    }

    // Delivery ids are 26 letters and digits, safe in a file name.
    private string PathOf(string handler, string deliveryId) => Path.Combine(directory, $"{handler}-{deliveryId}");
}
