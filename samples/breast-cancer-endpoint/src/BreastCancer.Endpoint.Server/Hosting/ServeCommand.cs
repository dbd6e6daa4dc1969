namespace BreastCancer.Endpoint.Server.Hosting;

/// <summary>
/// The container's command line: SageMaker starts inference images as <c>&lt;image&gt; serve</c>. Options for the host
/// (<c>--key=value</c>, as test hosts pass) go through untouched.
/// </summary>
public static class ServeCommand
{
    /// <summary>The command SageMaker passes.</summary>
    public const string Serve = "serve";

    /// <summary>Splits the command off the host's options.</summary>
    /// <param name="args">The process arguments.</param>
    /// <param name="hostArguments">The arguments left for the host.</param>
    /// <returns>False when the command is not <c>serve</c>.</returns>
    public static bool TryParse(string[] args, out string[] hostArguments)
    {
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            hostArguments = args[1..];
            return args[0] == Serve;
        }

        hostArguments = args;
        return true;
    }
}
