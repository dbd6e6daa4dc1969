using Microsoft.Extensions.Configuration;

namespace MlOps.Sdk;

/// <summary>Chooses the mode once, at registration: configuration first, then <c>MLOPS_MODE</c>, else local.</summary>
public static class MlOpsModeResolver
{
    /// <summary>Resolves the mode.</summary>
    /// <param name="configuration">The configuration whose <c>MlOps:Mode</c> wins, or <see langword="null"/>.</param>
    /// <param name="environment">Reads an environment variable (<c>MLOPS_MODE</c>).</param>
    /// <returns>The mode; local when neither names one.</returns>
    /// <exception cref="MlOpsValidationException">The value names no mode.</exception>
    public static MlOpsMode Resolve(IConfiguration? configuration, Func<string, string?> environment)
    {
        var configured = configuration?[$"{MlOpsOptions.SectionName}:{nameof(MlOpsOptions.Mode)}"];
        var text = string.IsNullOrWhiteSpace(configured) ? environment(MlOpsOptions.ModeEnvironmentVariable) : configured;
        if (string.IsNullOrWhiteSpace(text))
        {
            return MlOpsMode.Local;
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "local" => MlOpsMode.Local,
            "aws" => MlOpsMode.Aws,
            _ => throw new MlOpsValidationException(MlOpsOptions.ModeEnvironmentVariable, $"'{text}' is not a mode: use 'local' or 'aws'"),
        };
    }
}
