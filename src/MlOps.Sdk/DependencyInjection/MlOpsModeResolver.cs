using Microsoft.Extensions.Configuration;

namespace MlOps.Sdk;

/// <summary>Chooses the mode once, at registration: configuration first, then <c>MLOPS_MODE</c>, else local.</summary>
internal static class MlOpsModeResolver
{
    internal static MlOpsMode Resolve(IConfiguration? configuration, Func<string, string?> environment)
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
