using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MlOps.Sdk.Stages.Settings;

namespace MlOps.Sdk.Stages;

/// <summary>
/// Runs one stage as a process: prints the mode first, parses and validates options, registers the SDK for the mode,
/// runs the stage and turns the outcome into an exit code (<see cref="StageExitCode"/>). Stage scripts are one line:
/// <c>return await StageRunner.RunAsync&lt;TrainStage&gt;(args);</c>.
/// </summary>
public static class StageRunner
{
    /// <summary>Runs <typeparamref name="TStage"/> with this process's arguments, environment and console.</summary>
    /// <typeparam name="TStage">The stage.</typeparam>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync<TStage>(string[] args)
        where TStage : IStage, new()
    {
        using var cancellation = new ProcessCancellation();
        return await RunAsync(new TStage(), args, Environment.GetEnvironmentVariable, StageConsole.ForProcess(), cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Runs a stage with the given arguments, variables and console (the form tests use).</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="getVariable">Reads an environment variable.</param>
    /// <param name="console">Where the stage prints.</param>
    /// <param name="cancellationToken">Cancels the stage.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(IStage stage, IReadOnlyList<string> args, Func<string, string?> getVariable, StageConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(console);

        // GitLab expands a `variables:` entry that refers to an undefined variable to "", so an empty value means unset
        // (for example MLOPS_SAGEMAKER_ROLE_ARN in local mode, where tofu's role variables are not defined).
        var readVariable = getVariable;
        getVariable = name => readVariable(name) is { Length: > 0 } value ? value : null;

        MlOpsMode mode;
        try
        {
            mode = MlOpsModeResolver.Resolve(null, getVariable);
        }
        catch (MlOpsValidationException ex)
        {
            console.WriteHeader(stage.Name, "unknown");
            console.WriteError(ex.Message);
            return StageExitCode.InvalidInput;
        }

        console.WriteHeader(stage.Name, DescribeMode(mode, getVariable));
        IReadOnlyList<StageOption> options = [.. CommonStageOptions.All, .. stage.Options];
        try
        {
            var bootstrap = StageArguments.Parse(args, options, getVariable, new Dictionary<string, string>());
            if (bootstrap.HelpRequested)
            {
                WriteHelp(stage, options, console);
                return StageExitCode.Success;
            }

            var handoff = await StageHandoff.OpenAsync(
                bootstrap.Get(CommonStageOptions.DotEnv.Name)!,
                bootstrap.Get(CommonStageOptions.StateFile.Name)!,
                cancellationToken).ConfigureAwait(false);
            var manifest = await ProjectManifest.LoadAsync(Path.GetFullPath(bootstrap.Get(CommonStageOptions.ProjectPath.Name) ?? "."), cancellationToken).ConfigureAwait(false);
            var arguments = StageArguments.Parse(args, options, getVariable, handoff.State, manifest);
            var ci = GitLabCiContext.FromVariables(getVariable);

            var region = RegionOf(mode, arguments, getVariable);
            if (mode == MlOpsMode.Aws && region is not null && string.IsNullOrWhiteSpace(getVariable("AWS_REGION") ?? getVariable("AWS_DEFAULT_REGION")))
            {
                console.WriteResult("region", $"{region} (manifest.json aws.region; AWS_REGION is not set)");
            }

            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(new StageConsoleLoggerProvider(console, LogLevel.Information)));
            services.AddMlOps(StageConfiguration.FromVariables(getVariable), o =>
            {
                o.Mode = mode;
                o.Region = region ?? o.Region;
            });

            // The stage reads every variable through getVariable, local mode's home included, so the header it prints
            // and the state it uses are the same folder, whatever the process environment says.
            services.Configure<Local.LocalOptions>(o => o.Home ??= getVariable(Local.LocalOptions.HomeEnvironmentVariable));
            var provider = services.BuildServiceProvider();
            await using (provider.ConfigureAwait(false))
            {
                var context = new StageContext(manifest, arguments, ci, console, handoff, provider, mode, provider.GetService<TimeProvider>() ?? TimeProvider.System, getVariable);
                return await stage.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (MlOpsValidationException ex)
        {
            console.WriteError($"invalid input: {ex.Message}");
            return StageExitCode.InvalidInput;
        }
        catch (MlOpsException ex)
        {
            console.WriteError($"{stage.Name} failed [{ex.ErrorCode}{(ex.ResourceName is null ? string.Empty : " " + ex.ResourceName)}]: {ex.Message}");
            return StageExitCode.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteError($"{stage.Name} cancelled");
            return StageExitCode.Cancelled;
        }
    }

    // AWS_REGION wins, as for every AWS tool; manifest.json's aws.region is the project's own default, before the
    // AWS profile's, so a job without AWS_REGION still runs where the project lives.
    private static string? RegionOf(MlOpsMode mode, StageArguments arguments, Func<string, string?> getVariable)
    {
        var fromEnvironment = getVariable("AWS_REGION") ?? getVariable("AWS_DEFAULT_REGION");
        if (mode != MlOpsMode.Aws || !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
        }

        return AwsSettings.Read(arguments.Values).Region;
    }

    private static string DescribeMode(MlOpsMode mode, Func<string, string?> getVariable)
    {
        if (mode == MlOpsMode.Aws)
        {
            var region = getVariable("AWS_REGION") ?? getVariable("AWS_DEFAULT_REGION");
            return $"aws (region {(string.IsNullOrWhiteSpace(region) ? "AWS_REGION not set" : region)})";
        }

        return $"local (state in {ShortenHome(LocalHome(getVariable))})";
    }

    private static string LocalHome(Func<string, string?> getVariable)
    {
        var home = getVariable("MLOPS_HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            var dataHome = getVariable("XDG_DATA_HOME");
            home = Path.Combine(string.IsNullOrWhiteSpace(dataHome) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : dataHome, "mlops");
        }

        return Path.GetFullPath(home);
    }

    private static string ShortenHome(string path)
    {
        var userHome = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrEmpty(userHome) && path.StartsWith(userHome + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? "~" + path[userHome.Length..]
            : path;
    }

    private static void WriteHelp(IStage stage, IReadOnlyList<StageOption> options, StageConsole console)
    {
        console.WriteLine(stage.Summary);
        console.WriteLine($"usage: dotnet run --file ci/{stage.Name}.cs -- [options]");
        foreach (var option in options)
        {
            var fallback = option.EnvironmentVariables.Count == 0 ? string.Empty : $" [{string.Join(", ", option.EnvironmentVariables.Select(v => "$" + v))}]";
            var defaultValue = option.DefaultValue is null ? string.Empty : $" (default: {option.DefaultValue})";
            console.WriteLine($"  --{option.Name}{(option.IsFlag ? string.Empty : " <value>")}  {option.Description}{defaultValue}{fallback}");
        }
    }
}
