namespace MlOps.Pipeline.Tests.Sample;

/// <summary>What a finished child process left: its exit code and its interleaved output.</summary>
internal sealed record ProcessResult(int ExitCode, string Output);
