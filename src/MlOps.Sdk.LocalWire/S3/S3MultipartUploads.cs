using System.Globalization;
using System.Security.Cryptography;
using System.Xml.Linq;
using MlOps.Sdk.Local;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>
/// Multipart uploads: each upload is a folder under <c>&lt;home&gt;/s3-uploads/&lt;uploadId&gt;</c> holding its target and
/// its parts (<c>part-00001</c>, with the part's MD5 ETag beside it). Completing writes the parts, in the order the
/// client lists them, into the object through the store's atomic write, then removes the folder.
/// </summary>
internal sealed class S3MultipartUploads(LocalArtifactStore store, string uploadsRoot)
{
    /// <summary>S3's smallest part, except the last.</summary>
    public const long MinimumPartSize = 5L * 1024 * 1024;

    private const int MaxPartNumber = 10_000;

    /// <summary>Starts an upload.</summary>
    /// <param name="target">The object it will become.</param>
    /// <returns>The upload id.</returns>
    public string Create(S3Uri target)
    {
        var uploadId = Guid.NewGuid().ToString("N");
        var folder = Path.Combine(uploadsRoot, uploadId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "target"), target.ToString());
        return uploadId;
    }

    /// <summary>Stores one part.</summary>
    /// <param name="target">The object the request names (it must be the upload's).</param>
    /// <param name="uploadId">The upload.</param>
    /// <param name="partNumberText">The <c>partNumber</c> query value.</param>
    /// <param name="writeBody">Copies the request's (decoded) body into the stream it is given.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The part's ETag.</returns>
    public async Task<string> UploadPartAsync(S3Uri target, string uploadId, string partNumberText, Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken)
    {
        var folder = Folder(target, uploadId);
        if (!int.TryParse(partNumberText, NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber) || partNumber is < 1 or > MaxPartNumber)
        {
            throw new S3ErrorException(S3Errors.InvalidArgument($"Part number must be an integer between 1 and {MaxPartNumber}, inclusive."));
        }

        var part = PartPath(folder, partNumber);
        var temporary = part + ".tmp-" + Guid.NewGuid().ToString("N");
        string etag;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await writeBody(file, cancellationToken).ConfigureAwait(false);
            }

            // Read back rather than hashed on the way in: parts are a few MiB, and the clients echo this ETag on completion.
            await using (var written = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true))
            {
                etag = S3ObjectETag.Quote(await MD5.HashDataAsync(written, cancellationToken).ConfigureAwait(false));
            }

            File.Move(temporary, part, overwrite: true);
            await File.WriteAllTextAsync(part + ".etag", etag, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return etag;
    }

    /// <summary>Completes an upload from the client's part list.</summary>
    /// <param name="target">The object.</param>
    /// <param name="uploadId">The upload.</param>
    /// <param name="manifest">The <c>CompleteMultipartUpload</c> document.</param>
    /// <param name="cancellationToken">Cancels the write; the upload stays as it was.</param>
    /// <returns>A task that completes once the object is in place.</returns>
    public async Task CompleteAsync(S3Uri target, string uploadId, XDocument manifest, CancellationToken cancellationToken)
    {
        var folder = Folder(target, uploadId);
        var parts = manifest.Root?.Elements().Where(e => e.Name.LocalName == "Part").Select(part => (
            Number: int.TryParse(part.Elements().FirstOrDefault(e => e.Name.LocalName == "PartNumber")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
            ETag: part.Elements().FirstOrDefault(e => e.Name.LocalName == "ETag")?.Value.Trim() ?? string.Empty)).ToList() ?? [];
        if (parts.Count == 0)
        {
            throw new S3ErrorException(new S3Error(System.Net.HttpStatusCode.BadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema."));
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var path = PartPath(folder, parts[i].Number);
            if (i > 0 && parts[i].Number <= parts[i - 1].Number)
            {
                throw new S3ErrorException(new S3Error(System.Net.HttpStatusCode.BadRequest, "InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number."));
            }

            if (!File.Exists(path) || Unquote(await File.ReadAllTextAsync(path + ".etag", cancellationToken).ConfigureAwait(false)) != Unquote(parts[i].ETag))
            {
                throw new S3ErrorException(new S3Error(System.Net.HttpStatusCode.BadRequest, "InvalidPart", $"One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag (part {parts[i].Number})."));
            }

            if (i < parts.Count - 1 && new FileInfo(path).Length < MinimumPartSize)
            {
                throw new S3ErrorException(new S3Error(System.Net.HttpStatusCode.BadRequest, "EntityTooSmall", $"Your proposed upload is smaller than the minimum allowed object size (part {parts[i].Number} is below 5 MiB and is not the last part)."));
            }
        }

        await store.WriteAsync(target, async (output, token) =>
        {
            foreach (var part in parts)
            {
                await using var input = new FileStream(PartPath(folder, part.Number), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
                await input.CopyToAsync(output, token).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Abandons an upload and its parts.</summary>
    /// <param name="target">The object.</param>
    /// <param name="uploadId">The upload.</param>
    public void Abort(S3Uri target, string uploadId) => Directory.Delete(Folder(target, uploadId), recursive: true);

    private static string PartPath(string folder, int number) => Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"part-{number:D5}"));

    private static string Unquote(string etag) => etag.Trim().Trim('"');

    // The upload's folder, checked to exist and to belong to the object the request names.
    private string Folder(S3Uri target, string uploadId)
    {
        var folder = Path.Combine(uploadsRoot, uploadId);
        if (uploadId.Length != 32 || !uploadId.All(char.IsAsciiHexDigitLower) || !File.Exists(Path.Combine(folder, "target"))
            || File.ReadAllText(Path.Combine(folder, "target")) != target.ToString())
        {
            throw new S3ErrorException(S3Errors.NoSuchUpload(uploadId));
        }

        return folder;
    }
}
