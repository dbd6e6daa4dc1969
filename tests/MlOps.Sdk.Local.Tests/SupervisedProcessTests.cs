using MlOps.Sdk.Local;
using MlOps.Sdk.Tests.Packaging;

namespace MlOps.Sdk.Tests.Local;

public sealed class SupervisedProcessTests : IDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly TempFolder temp = new();
    private readonly LocalProcessSupervisor supervisor = new(new LocalOptions { StopGracePeriod = TimeSpan.FromMilliseconds(300) }, TimeProvider.System);

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task StartAsync_ChildExits_ExitCodeIsObserved()
    {
        var child = await StartAsync("exit 3");

        Assert.True(await child.WaitForExitAsync(WaitLimit, CancellationToken.None));
        Assert.Equal(3, child.ExitCode);
    }

    [Fact]
    public async Task Attach_ChildStartedByAnotherHandle_ObservesItsExit()
    {
        var started = await StartAsync("exit 5");

        var attached = supervisor.Attach(started.Directory);

        Assert.True(await attached.WaitForExitAsync(WaitLimit, CancellationToken.None));
        Assert.Equal(5, attached.ExitCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(300)]
    public async Task StopAsync_ChildIgnoresSigterm_KillsItAndItsChildren(int? maxRuntimeSeconds)
    {
        var child = await StartAsync("trap '' TERM; sleep 300 & echo $! > grandchild.pid; wait", maxRuntimeSeconds: maxRuntimeSeconds);
        var grandchildPid = await ReadPidAsync(Path.Combine(child.Directory, "grandchild.pid"));

        await supervisor.StopAsync(child, CancellationToken.None);

        Assert.True(await child.WaitForExitAsync(WaitLimit, CancellationToken.None));
        Assert.Equal(128 + LocalProcesses.SignalKill, child.ExitCode);
        Assert.True(await EventuallyAsync(() => !LocalProcesses.IsAlive(grandchildPid)), "the child's own child survived the stop");
    }

    [Fact]
    public async Task StopAsync_ChildIgnoresSigterm_ReturnsOnlyOnceTheExitIsRecorded()
    {
        // Stopped only once the trap is set (the sleep's pid is written after it): a SIGTERM before it would end the child.
        var child = await StartAsync("trap '' TERM; sleep 300 & echo $! > grandchild.pid; wait");
        await ReadPidAsync(Path.Combine(child.Directory, "grandchild.pid"));

        await supervisor.StopAsync(child, CancellationToken.None);

        Assert.Equal(128 + LocalProcesses.SignalKill, child.ExitCode);
    }

    [Fact]
    public async Task StartAsync_ChildPidCannotBeRecorded_KillsTheChildAndRecordsNoExit()
    {
        var token = UniqueSleep();
        // The pid file's folder does not exist: the record fails as it does in a folder deleted under the supervisor.
        var child = await StartAsync($"exec sleep {token}", childPidFileName: Path.Combine("missing", "child.pid"));
        var supervisorPid = await ReadPidAsync(Path.Combine(child.Directory, SupervisedProcess.SupervisorPidFileName));

        Assert.True(await EventuallyAsync(() => !LocalProcesses.IsAlive(supervisorPid)), "the supervisor still runs");
        Assert.True(await EventuallyAsync(() => Running(child.Directory).Count == 0), "a process of the folder (the supervisor's output stampers) still runs");
        Assert.Empty(SleepsRunning(token));
        Assert.Null(child.ExitCode);
    }

    [Fact]
    public async Task StopStrayChildrenAndDeleteAsync_RightAfterTheStart_LeavesNoChildAndNoFolder()
    {
        // Each round removes the folder at another moment of the supervisor's start: before its first record, before
        // the child's pid, or after it. Whichever it is, nothing may keep running. A named log file is what model
        // servers have (without one, a folder gone before the start leaves the child's output fifo unmade, and so no child).
        for (var round = 0; round < 10; round++)
        {
            var token = UniqueSleep();
            var child = await StartAsync($"exec sleep {token}", logFileName: "server.log");

            await supervisor.StopStrayChildrenAndDeleteAsync([child.Directory], SupervisedProcess.DefaultChildPidFileName, CancellationToken.None);

            Assert.True(await EventuallyAsync(() => SleepsRunning(token).Count == 0), $"round {round}: the child outlived the removal of its folder");
            Assert.False(Directory.Exists(child.Directory), $"round {round}: the folder is still there");
        }
    }

    [Fact]
    public async Task StartAsync_MaxRuntimePasses_TimeoutEndsTheChild()
    {
        var child = await StartAsync("sleep 300", maxRuntimeSeconds: 1);

        Assert.True(await child.WaitForExitAsync(WaitLimit, CancellationToken.None));
        Assert.Equal(LocalTrainingFailures.MaxRuntimeExitCode, child.ExitCode);
    }

    [Fact]
    public async Task StartAsync_LogFileNamed_BothStreamsReachIt()
    {
        var child = await StartAsync("echo to-stdout; echo to-stderr >&2", logFileName: "server.log");

        Assert.True(await child.WaitForExitAsync(WaitLimit, CancellationToken.None));
        var log = await File.ReadAllTextAsync(Path.Combine(child.Directory, "server.log"));
        Assert.Contains("to-stdout", log, StringComparison.Ordinal);
        Assert.Contains("to-stderr", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NoLogFileNamed_EachStreamIsStampedIntoItsOwnLog()
    {
        var child = await StartAsync("echo to-stdout; echo to-stderr >&2");

        Assert.True(await child.WaitForExitAsync(WaitLimit, CancellationToken.None));
        Assert.Matches(@"^\d+[.,]\d+ to-stdout\n$", await File.ReadAllTextAsync(Path.Combine(child.Directory, "stdout.log")));
        Assert.Matches(@"^\d+[.,]\d+ to-stderr\n$", await File.ReadAllTextAsync(Path.Combine(child.Directory, "stderr.log")));
    }

    [Fact]
    public async Task RequestStopAsync_ChildRunning_EndsItWithSigtermAndMarksTheStop()
    {
        var child = await StartAsync("exec sleep 300");
        await ReadPidAsync(child.ChildPidFile);

        await child.RequestStopAsync("now", CancellationToken.None);

        Assert.True(await child.WaitForExitAsync(WaitLimit, CancellationToken.None));
        Assert.Equal(128 + LocalProcesses.SignalTerm, child.ExitCode);
        Assert.True(child.StopRequested);
    }

    private async Task<SupervisedProcess> StartAsync(string bash, int? maxRuntimeSeconds = null, string? logFileName = null, string? childPidFileName = null)
    {
        var directory = temp.Combine(Guid.NewGuid().ToString("N")[..8]);
        var started = await supervisor.StartAsync(
            new SupervisedProcessStart
            {
                Directory = directory,
                Command = ["bash", "-c", bash],
                WorkingDirectory = directory,
                MaxRuntimeSeconds = maxRuntimeSeconds,
                LogFileName = logFileName,
                ChildPidFileName = childPidFileName ?? SupervisedProcess.DefaultChildPidFileName,
            },
            CancellationToken.None);
        return supervisor.Attach(started.Directory, childPidFileName ?? SupervisedProcess.DefaultChildPidFileName);
    }

    /// <summary>A sleep argument no other process has (300 s and a random fraction), to find the child by its command line.</summary>
    private static string UniqueSleep() => "300." + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static List<int> SleepsRunning(string token) => RunningWhere(command => command == $"sleep\0{token}\0");

    /// <summary>The live processes whose command line names <paramref name="text"/> (a folder: the supervisor and its forks).</summary>
    private static List<int> Running(string text) => RunningWhere(command => command.Contains(text, StringComparison.Ordinal));

    private static List<int> RunningWhere(Func<string, bool> commandLine)
    {
        var running = new List<int>();
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(process), System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && commandLine(ReadOrEmpty(Path.Combine(process, "cmdline"))) && LocalProcesses.IsAlive(pid))
            {
                running.Add(pid);
            }
        }

        return running;
    }

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    private static async Task<int> ReadPidAsync(string file)
    {
        Assert.True(await EventuallyAsync(() => LocalProcesses.ReadNumber(file) is not null), $"{file} was not written");
        return LocalProcesses.ReadNumber(file)!.Value;
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
