namespace MlOps.Templates.Tests;

/// <summary>What a child process did: its exit code and everything it wrote.</summary>
public sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    /// <summary>Fails the test with the command's output when it did not exit 0.</summary>
    public CommandResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"`{CommandLine}` exited {ExitCode}:\n{Output}");
        return this;
    }
}
