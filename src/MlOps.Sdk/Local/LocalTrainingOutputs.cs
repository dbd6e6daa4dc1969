using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Local;

/// <summary>The Uploading step of a local training job: what the leader host wrote, into the job's S3 output path.</summary>
internal sealed class LocalTrainingOutputs(LocalArtifactStore artifacts)
{
    internal static bool HasFiles(string directory) => Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Any();


    /// <summary>
    /// Uploads the leader's <c>/opt/ml/model</c> as <c>model.tar.gz</c> and, when it wrote any,
    /// <c>/opt/ml/output/data</c> as <c>output.tar.gz</c> beside it, as SageMaker does.
    /// </summary>
    internal async Task UploadAsync(LocalTrainingJobRecord record, CancellationToken cancellationToken)
    {
        var modelUri = S3Uri.Parse(record.Description.ModelArtifacts.S3ModelArtifacts);
        var temporary = Path.Combine(record.JobDirectory, $"model-{Guid.NewGuid():N}.tar.gz");
        try
        {
            await LocalModelArchive.CreateAsync(record.Leader.ModelDirectory, temporary, cancellationToken).ConfigureAwait(false);
            await artifacts.UploadFileAsync(temporary, modelUri, null, cancellationToken).ConfigureAwait(false);
            var outputData = Path.Combine(record.Leader.OutputDirectory, "data");
            if (HasFiles(outputData))
            {
                await LocalModelArchive.CreateAsync(outputData, temporary, cancellationToken).ConfigureAwait(false);
                var outputUri = S3Uri.Create(modelUri.Bucket, modelUri.Key[..modelUri.Key.LastIndexOf('/')] + "/output.tar.gz");
                await artifacts.UploadFileAsync(temporary, outputUri, null, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
