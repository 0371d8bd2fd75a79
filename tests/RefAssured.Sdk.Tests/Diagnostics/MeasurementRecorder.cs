using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RefAssured.Sdk.Tests.Diagnostics;

/// <summary>One measurement of the SDK's meter, with its tags copied out of the listener's callback.</summary>
internal sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public object? Tag(string name) => Tags.GetValueOrDefault(name);
}

/// <summary>
/// Records every measurement and instrument of the SDK's meter through the BCL's <see cref="MeterListener"/>.
/// The meter is process-wide and tests run in parallel, so tests look for their own measurements
/// by tag values no other test produces.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ConcurrentDictionary<string, Instrument> _instruments = new();

    public MeasurementRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RefAssuredTelemetry.MeterName)
            {
                _instruments[instrument.Name] = instrument;
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyDictionary<string, Instrument> Instruments => _instruments;

    public IReadOnlyList<Measurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    public IReadOnlyList<Measurement> All => [.. _measurements];

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(tags.Length, StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, copy));
    }
}
