using BenchmarkDotNet.Running;

// "inbox-load [seconds] [output directory]" runs the inbox append load; anything else goes to
// BenchmarkDotNet, for example: --filter '*ReportContent*'. build/bench runs both.
if (args is ["inbox-load", ..])
{
    return await RefAssured.Sdk.Benchmarks.InboxAppendLoad.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(RefAssured.Sdk.Benchmarks.SampleParseBenchmarks).Assembly).Run(args);
return 0;
