using System.Text.Json.Serialization;

namespace MlOps.Sdk.GitLab;

/// <summary>
/// Compile-time JSON metadata for the GitLab REST API's notes and merge requests (snake_case, as GitLab writes them):
/// no reflection, so a stage script that posts the report can be published with NativeAOT.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<GitLabNote>))]
[JsonSerializable(typeof(GitLabNote))]
[JsonSerializable(typeof(GitLabNoteBody))]
[JsonSerializable(typeof(GitLabMergeRequest))]
internal sealed partial class GitLabJsonContext : JsonSerializerContext;
