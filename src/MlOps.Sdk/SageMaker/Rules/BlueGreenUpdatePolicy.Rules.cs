using System.Globalization;

namespace MlOps.Sdk.SageMaker;

/// <summary>
/// Rules of a blue/green update that AWS documents but its API model does not carry (API reference,
/// BlueGreenUpdatePolicy): "MaximumExecutionTimeoutInSeconds … should be larger than the total waiting time specified in
/// TerminationWaitInSeconds and WaitIntervalInSeconds."
/// </summary>
public sealed partial record BlueGreenUpdatePolicy
{
    partial void ValidateRules(string path)
    {
        if (MaximumExecutionTimeoutInSeconds is not { } timeout)
        {
            return;
        }

        var waits = (long)(TerminationWaitInSeconds ?? 0) + TrafficRoutingConfiguration.WaitIntervalInSeconds;
        if (timeout <= waits)
        {
            throw new MlOpsValidationException(
                path + ".MaximumExecutionTimeoutInSeconds",
                $"must be larger than TerminationWaitInSeconds + TrafficRoutingConfiguration.WaitIntervalInSeconds = {waits.ToString(CultureInfo.InvariantCulture)} (it is {timeout.ToString(CultureInfo.InvariantCulture)})");
        }
    }
}
