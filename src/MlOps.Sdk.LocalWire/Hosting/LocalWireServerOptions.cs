using MlOps.Sdk.Local;

namespace MlOps.Sdk.LocalWire.Hosting;

/// <summary>Settings of <see cref="LocalWireServer"/>.</summary>
public sealed class LocalWireServerOptions
{
    /// <summary>The loopback port to listen on; 0 (the default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>
    /// Local-mode settings (home folder, account, region, timeouts): the same state the SDK's local mode uses, so
    /// what one creates the other sees. <see cref="LocalOptions.Home"/> unset means <c>MLOPS_HOME</c> and its fallbacks.
    /// </summary>
    public LocalOptions Local { get; set; } = new();
}
