using System.Globalization;
using System.Runtime.InteropServices;

namespace MlOps.Sdk.Local;

/// <summary>
/// The operating system's side of local mode's processes: whether this OS can run them, signals, liveness, and
/// identities that outlive a process. <see cref="SupervisedProcess"/> is what starts and stops them.
/// </summary>
internal static class LocalProcesses
{
    internal const int SignalKill = 9;
    internal const int SignalTerm = 15;

    internal static void EnsureSupported()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new MlOpsException(
                "Local mode runs training jobs and endpoints as Linux processes (bash, setsid, timeout); on this OS use WSL or a Linux CI runner.",
                "LocalModeUnsupported");
        }

        foreach (var tool in new[] { "bash", "setsid", "timeout" })
        {
            if (FindOnPath(tool) is null)
            {
                throw new MlOpsException(
                    $"Local mode needs '{tool}' on PATH to supervise processes. Install it (Debian/Ubuntu: apt-get install bash util-linux coreutils).",
                    "LocalModeUnsupported");
            }
        }
    }

    internal static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (Kill(pid, 0) == 0)
        {
            // A zombie still answers signal 0; it is dead for our purposes.
            var stat = $"/proc/{pid}/stat";
            try
            {
                var text = File.ReadAllText(stat);
                var afterName = text.LastIndexOf(')');
                return afterName < 0 || afterName + 2 >= text.Length || text[afterName + 2] != 'Z';
            }
            catch (IOException)
            {
                return false;
            }
        }

        // EPERM: it exists but belongs to someone else.
        return Marshal.GetLastPInvokeError() == 1;
    }

    /// <summary>
    /// Who this process is, in a form that outlives it: its pid namespace, pid and start time (clock ticks since boot),
    /// so a later reader can tell it from a new process that got the same pid.
    /// </summary>
    internal static string CurrentIdentity() => Identity(Environment.ProcessId) ?? $"?/{Environment.ProcessId}/0";

    /// <summary>
    /// True only when <paramref name="identity"/> (from <see cref="CurrentIdentity"/>) names a process of this pid
    /// namespace that has ended (gone, a zombie, or its pid reused). A process of another namespace, or an identity
    /// that cannot be read, is never judged ended: the caller falls back on its timeout.
    /// </summary>
    internal static bool HasEnded(string? identity)
    {
        var parts = identity?.Split('/');
        if (parts is not { Length: 3 } || parts[0] == "?" || parts[0] != PidNamespace()
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        return Identity(pid) != identity;
    }

    private static string? Identity(int pid)
    {
        try
        {
            // Field 22 of /proc/<pid>/stat is the start time; fields are counted after the command name's ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && fields[0] != "Z" ? $"{PidNamespace()}/{pid}/{fields[19]}" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string PidNamespace()
    {
        try
        {
            return new FileInfo("/proc/self/ns/pid").LinkTarget ?? "?";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }

    internal static void Signal(int pid, int signal)
    {
        if (pid > 0)
        {
            _ = Kill(pid, signal);
        }
    }

    /// <summary>Signals every process of the group that <paramref name="leader"/> leads.</summary>
    internal static void SignalGroup(int leader, int signal)
    {
        if (leader > 0)
        {
            _ = Kill(-leader, signal);
        }
    }

    internal static int? ReadNumber(string file)
    {
        // Most reads are of a file not written yet (a running child's exit_code, read on every route probe): a stat
        // answers those without the cost of a thrown FileNotFoundException. The catch stays for a file removed between.
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var text = File.ReadAllText(file).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Resolves the entry point's program: a relative path with a slash is taken from the image folder.</summary>
    internal static List<string> Command(LocalImage image, string verb)
    {
        var command = new List<string>(image.EntryPoint) { verb };
        var program = command[0];
        if (program.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(program))
        {
            command[0] = Path.GetFullPath(Path.Combine(image.Folder, program));
        }

        return command;
    }

    internal static string? FindOnPath(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(File.Exists);
    }

    // Signals need kill(2); a blittable DllImport avoids making the whole library unsafe for LibraryImport.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
