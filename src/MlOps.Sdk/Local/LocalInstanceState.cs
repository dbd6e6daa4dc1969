namespace MlOps.Sdk.Local;

/// <summary>What an endpoint instance's supervisor files say about its process.</summary>
internal sealed record LocalInstanceState(bool Exited, int? ExitCode)
{
    internal static LocalInstanceState Of(LocalEndpointInstance instance)
    {
        var exitCodeFile = Path.Combine(instance.Directory, "exit_code");
        if (LocalProcesses.ReadNumber(exitCodeFile) is { } code)
        {
            return new(true, code);
        }

        var pid = LocalProcesses.ReadNumber(Path.Combine(instance.Directory, "server.pid"));
        if (pid is null || LocalProcesses.IsAlive(pid.Value))
        {
            return new(false, null);
        }

        // The server is gone but its supervisor still runs: it is about to write the exit code (a kill -9 seen in
        // that instant would otherwise read as "code unknown").
        if (LocalProcesses.ReadNumber(Path.Combine(instance.Directory, "supervisor.pid")) is { } supervisor && LocalProcesses.IsAlive(supervisor))
        {
            return new(false, null);
        }

        return new(true, LocalProcesses.ReadNumber(exitCodeFile));
    }
}
