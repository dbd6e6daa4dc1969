using Microsoft.Extensions.Configuration;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Training;
using MlOps.Sdk.Waiting;

namespace MlOps.Sdk.Stages;

/// <summary>
/// The SDK settings a stage takes from its variables, named as .NET names configuration keys in the environment
/// (<c>MlOps__Training__CompletionWaiter__Delay</c> for <c>MlOps:Training:CompletionWaiter:Delay</c>): the waiters'
/// timings. AWS mode polls with botocore's delays (120 s between training-job reads, 30 s between endpoint reads),
/// right for SageMaker; against <c>mlops-local serve</c> the same stages' jobs and endpoints are ready in seconds, and
/// a pipeline would otherwise sleep minutes per stage.
/// </summary>
internal static class StageConfiguration
{
    /// <summary>The configuration keys read, such as <c>MlOps:Training:CompletionWaiter:Delay</c>.</summary>
    internal static readonly IReadOnlyList<string> Keys =
    [
        .. WaiterKeys($"{TrainingOptions.SectionName}:{nameof(TrainingOptions.CompletionWaiter)}"),
        $"{TrainingOptions.SectionName}:{nameof(TrainingOptions.LogPollInterval)}",
        .. WaiterKeys($"{EndpointOptions.SectionName}:{nameof(EndpointOptions.InServiceWaiter)}"),
        .. WaiterKeys($"{EndpointOptions.SectionName}:{nameof(EndpointOptions.DeletedWaiter)}"),
    ];

    /// <summary>The environment variable of a configuration key: <c>:</c> becomes <c>__</c>, as .NET's environment configuration reads it.</summary>
    /// <param name="key">A key of <see cref="Keys"/>.</param>
    /// <returns>The variable's name.</returns>
    internal static string VariableFor(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>The configuration of the keys whose variables are set, or <see langword="null"/> when none is.</summary>
    /// <param name="getVariable">Reads a variable.</param>
    /// <returns>The configuration to register the SDK with.</returns>
    internal static IConfiguration? FromVariables(Func<string, string?> getVariable)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Keys)
        {
            if (getVariable(VariableFor(key)) is { Length: > 0 } value)
            {
                values[key] = value;
            }
        }

        return values.Count == 0 ? null : new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    private static string[] WaiterKeys(string prefix) => [$"{prefix}:{nameof(WaiterOptions.Delay)}", $"{prefix}:{nameof(WaiterOptions.MaxAttempts)}"];
}
