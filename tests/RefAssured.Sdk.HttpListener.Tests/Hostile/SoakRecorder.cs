using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RefAssured.Sdk.HttpListener.Tests.Hostile;

/// <summary>One look at the soak: deliveries so far, the inbox's disk use by part, and this process's memory.</summary>
/// <param name="Elapsed">Time since the soak began.</param>
/// <param name="Acknowledged">Deliveries acknowledged so far.</param>
/// <param name="Handled">Deliveries whose handler succeeded so far.</param>
/// <param name="DeadLettered">Deliveries dead-lettered so far.</param>
/// <param name="SegmentsKiB">Disk blocks of the segment log (bodies, records, dead letters carried forward), in KiB.</param>
/// <param name="AuditKiB">Disk blocks of the audit trail, in KiB.</param>
/// <param name="OtherKiB">Disk blocks of everything else in the inbox directory (quarantine), in KiB.</param>
/// <param name="SegmentFiles">Segment files present.</param>
/// <param name="RssMiB">This process's resident memory (VmRSS), in MiB.</param>
/// <param name="GcHeapMiB">The managed heap after the last collection, in MiB.</param>
internal sealed record SoakSample(TimeSpan Elapsed, long Acknowledged, long Handled, long DeadLettered, long SegmentsKiB, long AuditKiB, long OtherKiB, int SegmentFiles, long RssMiB, long GcHeapMiB)
{
    public long InboxKiB => SegmentsKiB + AuditKiB + OtherKiB;
}

/// <summary>Takes <see cref="SoakSample"/>s of an inbox directory and of this process, and writes them as a table.</summary>
internal sealed class SoakRecorder(string inboxDirectory)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public List<SoakSample> Samples { get; } = [];

    public SoakSample Take(long acknowledged, long handled, long deadLettered)
    {
        var kib = DiskKiBByDirectory();
        var segments = kib.GetValueOrDefault("segments");
        var audit = kib.GetValueOrDefault("audit");
        var other = kib.GetValueOrDefault(string.Empty) - segments - audit;
        var segmentFiles = Directory.GetFiles(Path.Combine(inboxDirectory, "segments")).Length;

        var rss = File.ReadLines("/proc/self/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var rssKiB = long.Parse(rss["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        var sample = new SoakSample(_clock.Elapsed, acknowledged, handled, deadLettered, segments, audit, other, segmentFiles, rssKiB / 1024, GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024));
        Samples.Add(sample);
        return sample;
    }

    public static string Header =>
        "| time | acknowledged | handled | dead-lettered | segments (files) | audit | inbox total | RSS | GC heap |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    public static string Row(SoakSample s) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {s.Elapsed:mm\\:ss} | {s.Acknowledged:N0} | {s.Handled:N0} | {s.DeadLettered:N0} | {s.SegmentsKiB / 1024.0:F1} MiB ({s.SegmentFiles}) | {s.AuditKiB / 1024.0:F1} MiB | {s.InboxKiB / 1024.0:F1} MiB | {s.RssMiB} MiB | {s.GcHeapMiB} MiB |");

    /// <summary>The samples as a table, one row at least every <paramref name="every"/> and the last one always.</summary>
    public string Table(TimeSpan every)
    {
        var text = new StringBuilder(Header).AppendLine();
        var next = TimeSpan.Zero;
        for (var i = 0; i < Samples.Count; i++)
        {
            if (Samples[i].Elapsed >= next || i == Samples.Count - 1)
            {
                text.AppendLine(Row(Samples[i]));
                next = Samples[i].Elapsed + every;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Whether a measure levels off: its highest value (or, with <paramref name="troughs"/>, its
    /// lowest) in the last third of the samples is at most <paramref name="factor"/> times, plus
    /// <paramref name="slack"/>, that of the middle third. Troughs suit a measure that retention
    /// cuts back now and then, such as disk use: what is left after each cut must not grow.
    /// </summary>
    public (bool Level, long Middle, long Last) LevelsOff(Func<SoakSample, long> measure, bool troughs, double factor, long slack)
    {
        var third = Samples.Count / 3;
        var middleSamples = Samples.Skip(third).Take(third).Select(measure).ToList();
        var lastSamples = Samples.Skip(2 * third).Select(measure).ToList();
        var middle = troughs ? middleSamples.Min() : middleSamples.Max();
        var last = troughs ? lastSamples.Min() : lastSamples.Max();
        return (last <= (middle * factor) + slack, middle, last);
    }

    // Blocks in use (du), so that preallocated or sparse files count as what they take on disk:
    // each directory right under the inbox by name, and the whole inbox under the empty name.
    private Dictionary<string, long> DiskKiBByDirectory()
    {
        using var du = Process.Start(new ProcessStartInfo("du", ["-k", "-d", "1", inboxDirectory]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var lines = du.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        du.WaitForExit();
        var root = Path.TrimEndingDirectorySeparator(inboxDirectory);
        return lines.Select(line => line.Split('\t', 2)).ToDictionary(
            parts => Path.TrimEndingDirectorySeparator(parts[1]) == root ? string.Empty : Path.GetFileName(parts[1]),
            parts => long.Parse(parts[0], CultureInfo.InvariantCulture));
    }
}
