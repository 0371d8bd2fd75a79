using BenchmarkDotNet.Running;

// Runs the benchmarks chosen on the command line, for example:
//   dotnet run -c Release --project tests/RefAssured.Sdk.Benchmarks -- --filter '*Report*'
// build/bench runs them all and writes the results under artifacts/benchmarks.
BenchmarkSwitcher.FromAssembly(typeof(RefAssured.Sdk.Benchmarks.SampleParseBenchmarks).Assembly).Run(args);
