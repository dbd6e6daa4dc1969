namespace MlOps.Sdk.Stages.Settings;

/// <summary>The project's own settings: <c>manifest.json</c> <c>project</c> and the names shared by its stages.</summary>
internal sealed record ProjectSettings
{
    /// <summary>The kinds of project the templates make.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["training", "endpoint"];

    /// <summary>The project's kind (<c>project.kind</c>, default <c>training</c>).</summary>
    public required string Kind { get; init; }

    /// <summary><see langword="true"/> for an endpoint project, which serves a model that another project trains.</summary>
    public bool IsEndpointProject => Kind == "endpoint";

    /// <summary>The solution or project that validate builds and tests (<c>project.solution</c>).</summary>
    public string? Solution { get; init; }

    /// <summary>
    /// The model package group (<c>registry.modelPackageGroup</c> in a training project, <c>model.modelPackageGroup</c>
    /// in an endpoint project, or the older <c>endpoint.modelPackageGroup</c>), or <see langword="null"/> for the namer's.
    /// </summary>
    public string? ModelPackageGroup { get; init; }

    /// <summary>The production endpoint the review compares with (<c>report.productionEndpoint</c>).</summary>
    public string? ReportProductionEndpoint { get; init; }

    /// <summary>How many days releases and old resources are kept (<c>release.retentionDays</c>, 0 to 3650, default 14).</summary>
    public required int RetentionDays { get; init; }

    /// <summary>Reads and checks the settings.</summary>
    /// <param name="values">The stage's layers.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="MlOpsValidationException">A value breaks its rule; the message names it.</exception>
    public static ProjectSettings Read(StageSettingValues values) => new()
    {
        Kind = values.OneOf("project.kind", Kinds) ?? Kinds[0],
        Solution = values.Text("project.solution"),
        ModelPackageGroup = values.FirstText("registry.modelPackageGroup", "model.modelPackageGroup", "endpoint.modelPackageGroup"),
        ReportProductionEndpoint = values.Text("report.productionEndpoint"),
        RetentionDays = values.Whole("release.retentionDays", 0, 3650, "must be a whole number of days from 0 to 3650") ?? 14,
    };
}
