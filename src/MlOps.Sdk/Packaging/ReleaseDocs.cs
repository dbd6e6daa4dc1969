using System.Globalization;
using System.Text;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Packaging;

/// <summary>Writes the generated documents of a release: <c>docs/RELEASE_NOTES.md</c> and <c>docs/USAGE.md</c>.</summary>
public static class ReleaseDocs
{
    /// <summary>The zip entry of the release notes.</summary>
    public const string ReleaseNotesEntry = "docs/RELEASE_NOTES.md";

    /// <summary>The zip entry of the usage guide.</summary>
    public const string UsageEntry = "docs/USAGE.md";

    /// <summary>Writes the release notes: what was released, from which commit and pipeline, with its metrics.</summary>
    /// <param name="request">The release being packaged.</param>
    /// <returns>The Markdown text.</returns>
    public static string ReleaseNotes(ReleasePackageRequest request)
    {
        var context = request.Context;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Release {context.ReleaseName.FileName[..^ReleaseName.Extension.Length]}\n\n");
        if (request.Project is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Project: {request.Project}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"- Kind: {context.Kind.ToText()}\n");
        if (context.MergeRequestIid is { } iid)
        {
            var url = request.Notes?.MergeRequestUrl is { } mergeRequestUrl ? $" ({mergeRequestUrl})" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"- Merge request: !{iid}{url}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"- Commit: {context.CommitId}\n");
        text.Append(CultureInfo.InvariantCulture, $"- Created (UTC): {ReleaseManifest.FormatTimestamp(context.Timestamp)}\n");
        if (context.PipelineId is not null || context.PipelineUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Pipeline: {context.PipelineId?.ToString(CultureInfo.InvariantCulture) ?? "-"}{(context.PipelineUrl is null ? string.Empty : $" ({context.PipelineUrl})")}\n");
        }

        if (request.ModelPackageArn is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"- Model package: {request.ModelPackageArn}\n");
        }

        if (request.Metrics.Count > 0)
        {
            text.Append("\n## Metrics\n\n| Metric | Value |\n| --- | --- |\n");
            foreach (var (name, value) in request.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {name} | {value.ToString("R", CultureInfo.InvariantCulture)} |\n");
            }
        }

        var notes = request.Notes;
        if (notes?.MergeRequestTitle is not null || notes?.MergeRequestDescription is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## Merge request: {notes.MergeRequestTitle ?? "(untitled)"}\n");
            if (notes.MergeRequestDescription is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{notes.MergeRequestDescription.Trim()}\n");
            }
        }

        if (notes?.CommitTitle is not null || notes?.CommitMessage is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## Commit: {notes.CommitTitle ?? notes.CommitMessage!.Split('\n')[0]}\n");
            if (notes.CommitAuthor is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"\nAuthor: {notes.CommitAuthor}\n");
            }

            if (notes.CommitMessage is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n```\n{notes.CommitMessage.Trim()}\n```\n");
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the usage guide: how to deploy and call what the release holds.</summary>
    /// <param name="request">The release being packaged.</param>
    /// <returns>The Markdown text.</returns>
    public static string Usage(ReleasePackageRequest request) =>
        $"""
        # Using this release

        This zip was written by MlOps.Sdk. It holds:

        - `source/`: the source files at commit {request.Context.CommitId};
        - `model/`: the model artifact (`model.tar.gz`, files at its root, as SageMaker expects) and the model package metadata;
        - `deploy/`: endpoint and model configuration as JSON;
        - `docs/`: these notes;
        - `manifest.json`: release kind, merge request, commit, UTC timestamp, pipeline, model package ARN, metrics, and
          every file's size and SHA-256.

        ## Check it

        With the SDK: `await new ReleaseVerifier().VerifyAsync("{request.Context.ReleaseName.FileName}")` reports the first
        file whose checksum does not match the manifest.

        With standard tools:

        ```sh
        unzip {request.Context.ReleaseName.FileName} -d release && cd release
        python3 -c 'import json; [print(f["sha256"] + "  " + f["path"]) for f in json.load(open("manifest.json"))["files"]]' | sha256sum -c
        ```

        ## Deploy it

        `model/model.tar.gz` is a SageMaker model artifact: upload it to S3 and create a model from it with the
        inference image named in `deploy/`, or run the endpoint project's deploy stage, which reads the same configuration.

        """.Replace("\r\n", "\n", StringComparison.Ordinal);
}
