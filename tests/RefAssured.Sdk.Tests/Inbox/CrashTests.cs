using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Threading.Channels;

namespace RefAssured.Sdk.Tests.Inbox;

/// <summary>
/// A child process receives events into a file inbox and handles them; it is killed with SIGKILL
/// and restarted, over and over. Each kill moment is picked from the child's own progress, so that
/// the test covers the same ground whatever the machine's speed: right after its k-th
/// acknowledgement, after its k-th handler run began or after its k-th handler run ended (which
/// one, and k, random per cycle), while events are still being received. Every delivery that got a
/// 200 must be handled; nothing that was never sent may be handled; a delivery handled twice must
/// carry the same id and content both times. Every tenth event carries over 1 MiB and must reach
/// its handler whole.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CrashTests : IDisposable
{
    private const int Cycles = 24;
    private const int MinimumEvents = 2000;

    // The cycles go on until enough events are sent and acknowledged; this many at most, as a bound.
    private const int MaximumCycles = 400;

    // How long the child may go without reporting any progress before the test fails; generous,
    // because it only guards against a child that hangs.
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new();

    private enum Progress
    {
        Acknowledged,
        HandlerStarted,
        HandlerEnded,
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task KilledAtRandomMoments_EveryAcknowledgedDeliveryIsHandledAtLeastOnce()
    {
        var inbox = Path.Combine(_directory.Path, "inbox");
        var handledLog = Path.Combine(_directory.Path, "handled.log");
        var random = new Random(4242);
        var acknowledged = new Dictionary<string, long>();
        var sent = new HashSet<long>();
        var kills = new int[3];
        long next = 1;
        var cycles = 0;
        var stopwatch = Stopwatch.StartNew();

        for (; (cycles < Cycles || sent.Count < MinimumEvents || acknowledged.Count <= MinimumEvents / 2) && cycles < MaximumCycles; cycles++)
        {
            await using var child = await Child.StartAsync(inbox, handledLog);

            // At most `window` events await their 200 at any time, so appends run from one at a
            // time up to dozens together. The kill comes right after the k-th progress report of
            // the chosen kind; k is at most `count`, so the child always reaches it.
            var count = random.Next(60, 140);
            var window = random.Next(1, 48);
            var moment = (Progress)random.Next(3);
            var k = random.Next(1, count + 1);
            var seen = new int[3];
            var sentToChild = 0;
            while (seen[(int)moment] < k)
            {
                for (; sentToChild < count && sentToChild - seen[(int)Progress.Acknowledged] < window; sentToChild++)
                {
                    sent.Add(next);
                    await child.SendAsync(next++);
                }

                seen[(int)await child.ReadProgressAsync()]++;
            }

            kills[(int)moment]++;
            foreach (var (seq, id) in await child.KillAsync())
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
            $"kill cycles: {cycles} (after an acknowledgement: {kills[0]}, a handler start: {kills[1]}, a handler end: {kills[2]}), sent: {sent.Count}, " +
            $"acknowledged: {acknowledged.Count}, handled: {handledIds.Count} deliveries in {handled.Count} runs, duplicates: {duplicates}, " +
            $"missing: {missing.Count}, quarantined: {quarantined}, duration: {stopwatch.Elapsed.TotalSeconds:F1} s");

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
        private readonly Channel<Progress> _progress = Channel.CreateUnbounded<Progress>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // Written only by the reader; read once the reader has finished.
        private readonly List<(long Seq, string Id)> _acknowledged = [];

        private Child(Process process, TaskCompletionSource ready)
        {
            _process = process;
            _reader = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    var parts = line.Split(' ');
                    switch (parts[0])
                    {
                        case "READY":
                            ready.TrySetResult();
                            break;
                        case "ACK":
                            _acknowledged.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
                            _progress.Writer.TryWrite(Progress.Acknowledged);
                            break;
                        case "START":
                            _progress.Writer.TryWrite(Progress.HandlerStarted);
                            break;
                        case "HANDLED":
                            _progress.Writer.TryWrite(Progress.HandlerEnded);
                            break;
                        default:
                            break;
                    }
                }

                var exited = new InvalidOperationException("The child exited: " + await process.StandardError.ReadToEndAsync());
                ready.TrySetException(exited);
                _progress.Writer.TryComplete(exited);
            });
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
            await ready.Task.WaitAsync(ProgressTimeout);
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
                // The child is gone; the event simply never reached it, and the next read of its
                // progress reports why.
            }
        }

        public async Task<Progress> ReadProgressAsync()
        {
            try
            {
                return await _progress.Reader.ReadAsync().AsTask().WaitAsync(ProgressTimeout, TestContext.Current.CancellationToken);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"The child reported no progress in {ProgressTimeout.TotalSeconds} s.");
            }
        }

        // SIGKILL on Unix: no shutdown code runs. Returns every acknowledgement the child reported.
        public async Task<IReadOnlyList<(long Seq, string Id)>> KillAsync()
        {
            Kill();
            await _reader.WaitAsync(ProgressTimeout);
            return _acknowledged;
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

            await _reader.WaitAsync(ProgressTimeout).ConfigureAwait(false);
            _process.Dispose();
        }

        private void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(ProgressTimeout);
        }
    }
}
