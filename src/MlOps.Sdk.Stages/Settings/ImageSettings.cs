namespace MlOps.Sdk.Stages.Settings;

/// <summary>The image's settings: <c>manifest.json</c> <c>image</c>, overridden by the build stage's options.</summary>
internal sealed record ImageSettings
{
    /// <summary>The image repository (<c>image.repository</c>), or <see langword="null"/> for the application's name.</summary>
    public string? Repository { get; init; }

    /// <summary>The application's <c>.csproj</c>, relative to the project (<c>image.project</c>).</summary>
    public string? Project { get; init; }

    /// <summary>The assembly the image runs (<c>image.assembly</c>), or <see langword="null"/> for the application's name.</summary>
    public string? Assembly { get; init; }

    /// <summary>The commands an image may run: a trainer's or a server's.</summary>
    public static readonly IReadOnlyList<string> Commands = ["train", "serve"];

    /// <summary>The command the image runs (<c>image.command</c>: <c>train</c> or <c>serve</c>, default <c>train</c>).</summary>
    public required string Command { get; init; }

    /// <summary>Reads the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">The command is neither <c>train</c> nor <c>serve</c>.</exception>
    public static ImageSettings Read(StageSettingValues values) => new()
    {
        Repository = values.Text("image.repository"),
        Project = values.Text("image.project"),
        Assembly = values.Text("image.assembly"),
        Command = values.OneOf("image.command", Commands) ?? Commands[0],
    };
}
