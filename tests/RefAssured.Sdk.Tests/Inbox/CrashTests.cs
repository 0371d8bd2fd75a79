using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace RefAssured.Sdk.Tests.Inbox;

/// <summary>
/// A child process receives events into a file inbox and handles them; it is killed with SIGKILL
/// at random moments (during appends, during handler runs) and restarted, over and over. Every
/// delivery that got a 200 must be handled; nothing that was never sent may be handled; a
/// delivery handled twice must carry the same id and content both times. Every tenth event
/// carries over 1 MiB, written past the file cache, and must reach its handler whole.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Cycles = 24;
    private const int MinimumEvents = 2000;

    // How many deliveries a kill cycle acknowledges depends on the machine's speed, so the cycles
    // go on until enough are; this many at most, so that a receiver that acknowledges nothing fails.
    private const int MaximumCycles = 400;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task KilledAtRandomMoments_EveryAcknowledgedDeliveryIsHandledAtLeastOnce()
    {
        var inbox = Path.Combine(_directory.Path, "inbox");
        var handledLog = Path.Combine(_directory.Path, "handled.log");
        var random = new Random(4242);
        var acknowledged = new Dictionary<string, long>();
        var sent = new HashSet<long>();
        long next = 1;
        var cycles = 0;

        for (; (cycles < Cycles || sent.Count < MinimumEvents || acknowledged.Count <= MinimumEvents / 2) && cycles < MaximumCycles; cycles++)
        {
            await using var child = await Child.StartAsync(inbox, handledLog);
            var count = random.Next(60, 140);
            var killAfter = random.Next(0, count + 20);
            for (var i = 0; i < count; i++)
            {
                if (i == killAfter)
                {
                    break;
                }

                sent.Add(next);
                await child.SendAsync(next++);
                if (random.Next(8) == 0)
                {
                    await Task.Delay(random.Next(1, 15), TestContext.Current.CancellationToken);
                }
            }

            await Task.Delay(random.Next(0, 60), TestContext.Current.CancellationToken);
            child.Kill();
            foreach (var (seq, id) in child.Acknowledged)
            {
                acknowledged[id] = seq;
            }
        }

        // A last, peaceful run drains everything that is stored.
        await using (var last = await Child.StartAsync(inbox, handledLog))
        {
            await last.CloseInputAndWaitAsync(TimeSpan.FromSeconds(60));
        }

        var lines = File.ReadAllLines(handledLog);
        var handled = lines.Select(l => l.Split(' ')).Select(p => (Id: p[0], Seq: long.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        var handledIds = handled.GroupBy(h => h.Id).ToDictionary(g => g.Key, g => g.Select(h => h.Seq).Distinct().ToList());
        var missing = acknowledged.Keys.Where(id => !handledIds.ContainsKey(id)).ToList();
        var duplicates = handled.Count - handledIds.Count;
        var quarantine = Path.Combine(inbox, "quarantine");
        var quarantined = Directory.Exists(quarantine) ? Directory.GetFiles(quarantine, "*.bin").Length : 0;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kill cycles: {cycles}, sent: {sent.Count}, acknowledged: {acknowledged.Count}, handled: {handledIds.Count} deliveries in {handled.Count} runs, duplicates: {duplicates}, missing: {missing.Count}, quarantined: {quarantined}");

        Assert.True(sent.Count >= MinimumEvents, $"only {sent.Count} events were sent");
        Assert.True(acknowledged.Count > MinimumEvents / 2, $"only {acknowledged.Count} events were acknowledged in {cycles} kill cycles");
        Assert.Empty(missing);
        Assert.DoesNotContain(lines, line => line.EndsWith(" BAD", StringComparison.Ordinal));

        // A kill can only tear the record being written, at the end of the segment then being written.
        var quarantineLog = Path.Combine(quarantine, "quarantine.log");
        Assert.All(File.Exists(quarantineLog) ? File.ReadAllLines(quarantineLog) : [], line => Assert.Contains("(a torn or damaged tail)", line, StringComparison.Ordinal));
        Assert.Contains(handled, h => h.Seq % 10 == 0);
        Assert.All(handledIds, h => Assert.Single(h.Value));
        Assert.All(handledIds, h => Assert.Contains(h.Value[0], sent));
        Assert.All(acknowledged, a => Assert.Equal(a.Value, handledIds[a.Key][0]));
        Assert.Equal(handledIds.Count, handledIds.Values.Select(v => v[0]).Distinct().Count());
    }

    private sealed class Child : IAsyncDisposable
    {
        private static readonly string HostPath = typeof(CrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHostPath").Value!;
        private readonly Process _process;
        private readonly Task _reader;
        private readonly List<(long Seq, string Id)> _acknowledged = [];

        private Child(Process process, TaskCompletionSource ready)
        {
            _process = process;
            _reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    if (line == "READY")
                    {
                        ready.TrySetResult();
                    }
                    else if (line.StartsWith("ACK ", StringComparison.Ordinal))
                    {
                        var parts = line.Split(' ');
                        lock (_acknowledged)
                        {
                            _acknowledged.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
                        }
                    }
                }

                ready.TrySetException(new InvalidOperationException("The child exited before it was ready: " + await process.StandardError.ReadToEndAsync()));
            });
        }

        public IReadOnlyList<(long Seq, string Id)> Acknowledged
        {
            get
            {
                _reader.Wait(TimeSpan.FromSeconds(10));
                lock (_acknowledged)
                {
                    return [.. _acknowledged];
                }
            }
        }

        public static async Task<Child> StartAsync(string inbox, string handledLog)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(HostPath);
            start.ArgumentList.Add(inbox);
            start.ArgumentList.Add(handledLog);
            var process = Process.Start(start)!;
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var child = new Child(process, ready);
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return child;
        }

        public async Task SendAsync(long seq)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync(seq.ToString(CultureInfo.InvariantCulture));
                await _process.StandardInput.FlushAsync();
            }
            catch (IOException)
            {
                // The child is gone; the event simply never reached it.
            }
        }

        // SIGKILL on Unix: no shutdown code runs.
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        public async Task CloseInputAndWaitAsync(TimeSpan timeout)
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(timeout);
            Assert.Equal(0, _process.ExitCode);
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            await _reader.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            _process.Dispose();
        }
    }
}
