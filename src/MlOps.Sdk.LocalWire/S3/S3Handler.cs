using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using MlOps.Sdk.Local;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>
/// The S3 subset the pipeline and its users need, path-style (<c>/&lt;bucket&gt;/&lt;key&gt;</c>), over the local buckets
/// (<c>&lt;home&gt;/buckets/&lt;bucket&gt;/&lt;key&gt;</c>, the folders local mode reads and writes): ListBuckets,
/// CreateBucket, HeadBucket, DeleteBucket, ListObjectsV2, PutObject, GetObject (one byte range), HeadObject,
/// DeleteObject, DeleteObjects and multipart upload. A bucket exists when its folder does; anything else answers
/// <c>NotImplemented</c>.
/// </summary>
internal sealed class S3Handler(LocalArtifactStore store, string bucketsRoot, S3MultipartUploads uploads)
{
    private static readonly XNamespace Ns = S3Responses.Namespace;

    /// <summary>Answers one S3 request.</summary>
    /// <param name="context">The exchange.</param>
    /// <returns>A task that completes once the answer is written.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        try
        {
            var (bucket, key) = ParsePath(context);
            if (bucket is null)
            {
                await RequireMethodAsync(context, HttpMethods.Get, ListBucketsAsync).ConfigureAwait(false);
            }
            else if (key is null)
            {
                await HandleBucketAsync(context, bucket).ConfigureAwait(false);
            }
            else
            {
                await HandleObjectAsync(context, bucket, key).ConfigureAwait(false);
            }
        }
        catch (S3ErrorException ex)
        {
            await S3Responses.WriteErrorAsync(context, ex.Error).ConfigureAwait(false);
        }
        catch (MlOpsValidationException ex)
        {
            // A bucket name S3 refuses, or a key local mode cannot keep as a file ("a//b", "..").
            await S3Responses.WriteErrorAsync(context, S3Errors.InvalidArgument(ex.Message)).ConfigureAwait(false);
        }
    }

    private static Task RequireMethodAsync(HttpContext context, string method, Func<HttpContext, Task> handle) =>
        context.Request.Method == method ? handle(context) : throw NotImplemented(context);

    private static S3ErrorException NotImplemented(HttpContext context) =>
        new(S3Errors.NotImplemented($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}"));

    // Path-style only: "/bucket" or "/bucket/key". The key is taken from the raw target, so "%2F" stays part of a segment name as S3 keeps it.
    private static (string? Bucket, string? Key) ParsePath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var path = raw.Split('?', 2)[0];
        if (path.Length <= 1)
        {
            return (null, null);
        }

        var slash = path.IndexOf('/', 1);
        if (slash < 0 || slash == path.Length - 1)
        {
            return (Uri.UnescapeDataString(path[1..].TrimEnd('/')), null);
        }

        return (Uri.UnescapeDataString(path[1..slash]), Uri.UnescapeDataString(path[(slash + 1)..]));
    }

    private async Task ListBucketsAsync(HttpContext context)
    {
        var buckets = Directory.Exists(bucketsRoot)
            ? new DirectoryInfo(bucketsRoot).EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal).ToList()
            : [];
        await S3Responses.WriteXmlAsync(context, new XElement(
            Ns + "ListAllMyBucketsResult",
            new XElement(Ns + "Owner", new XElement(Ns + "ID", "local"), new XElement(Ns + "DisplayName", "local")),
            new XElement(Ns + "Buckets", buckets.Select(b => new XElement(
                Ns + "Bucket",
                new XElement(Ns + "Name", b.Name),
                new XElement(Ns + "CreationDate", Timestamp(b.CreationTimeUtc))))))).ConfigureAwait(false);
    }

    private async Task HandleBucketAsync(HttpContext context, string bucket)
    {
        var folder = store.GetBucketPath(bucket);
        var request = context.Request;
        if (HttpMethods.IsPut(request.Method) && request.Query.Count == 0)
        {
            // us-east-1 answers 200 to creating a bucket its owner already has.
            Directory.CreateDirectory(folder);
            S3Responses.AddRequestId(context);
            context.Response.Headers.Location = "/" + bucket;
            return;
        }

        if (!Directory.Exists(folder))
        {
            throw new S3ErrorException(S3Errors.NoSuchBucket(bucket));
        }

        if (HttpMethods.IsHead(request.Method))
        {
            S3Responses.AddRequestId(context);
            context.Response.Headers["x-amz-bucket-region"] = "us-east-1";
        }
        else if (HttpMethods.IsGet(request.Method) && request.Query["list-type"] == "2")
        {
            await ListObjectsV2Async(context, bucket).ConfigureAwait(false);
        }
        else if (HttpMethods.IsGet(request.Method) && request.Query.ContainsKey("location"))
        {
            await S3Responses.WriteXmlAsync(context, new XElement(Ns + "LocationConstraint")).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPost(request.Method) && request.Query.ContainsKey("delete"))
        {
            await DeleteObjectsAsync(context, bucket).ConfigureAwait(false);
        }
        else if (HttpMethods.IsDelete(request.Method) && request.Query.Count == 0)
        {
            // Folders left behind by deleted keys are not objects: only files make a bucket non-empty.
            if (Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any())
            {
                throw new S3ErrorException(new S3Error(HttpStatusCode.Conflict, "BucketNotEmpty", "The bucket you tried to delete is not empty", bucket));
            }

            Directory.Delete(folder, recursive: true);
            S3Responses.AddRequestId(context);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        else
        {
            throw NotImplemented(context);
        }
    }

    private async Task HandleObjectAsync(HttpContext context, string bucket, string key)
    {
        var request = context.Request;
        var uri = S3Uri.Create(bucket, key);
        if (!Directory.Exists(store.GetBucketPath(bucket)))
        {
            throw new S3ErrorException(S3Errors.NoSuchBucket(bucket));
        }

        var uploadId = request.Query["uploadId"].ToString();
        if (HttpMethods.IsPut(request.Method) && request.Headers.ContainsKey("x-amz-copy-source"))
        {
            throw NotImplemented(context);
        }

        if (HttpMethods.IsPut(request.Method) && uploadId.Length > 0)
        {
            var etag = await uploads.UploadPartAsync(uri, uploadId, request.Query["partNumber"].ToString(), (output, token) => CopyBodyAsync(request, output, token), context.RequestAborted).ConfigureAwait(false);
            S3Responses.AddRequestId(context);
            context.Response.Headers.ETag = etag;
        }
        else if (HttpMethods.IsPut(request.Method) && request.Query.Count == 0)
        {
            await store.WriteAsync(uri, (output, token) => CopyBodyAsync(request, output, token), context.RequestAborted).ConfigureAwait(false);
            S3Responses.AddRequestId(context);
            context.Response.Headers.ETag = S3ObjectETag.Of(new FileInfo(store.GetLocalPath(uri)));
        }
        else if (HttpMethods.IsPost(request.Method) && request.Query.ContainsKey("uploads"))
        {
            await S3Responses.WriteXmlAsync(context, new XElement(
                Ns + "InitiateMultipartUploadResult",
                new XElement(Ns + "Bucket", bucket),
                new XElement(Ns + "Key", key),
                new XElement(Ns + "UploadId", uploads.Create(uri)))).ConfigureAwait(false);
        }
        else if (HttpMethods.IsPost(request.Method) && uploadId.Length > 0)
        {
            var manifest = await ReadXmlAsync(request, context.RequestAborted).ConfigureAwait(false);
            await uploads.CompleteAsync(uri, uploadId, manifest, context.RequestAborted).ConfigureAwait(false);
            await S3Responses.WriteXmlAsync(context, new XElement(
                Ns + "CompleteMultipartUploadResult",
                new XElement(Ns + "Location", $"/{bucket}/{Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal)}"),
                new XElement(Ns + "Bucket", bucket),
                new XElement(Ns + "Key", key),
                new XElement(Ns + "ETag", S3ObjectETag.Of(new FileInfo(store.GetLocalPath(uri)))))).ConfigureAwait(false);
        }
        else if (HttpMethods.IsDelete(request.Method) && uploadId.Length > 0)
        {
            uploads.Abort(uri, uploadId);
            S3Responses.AddRequestId(context);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        else if (HttpMethods.IsDelete(request.Method) && request.Query.Count == 0)
        {
            // S3 answers 204 whether or not the key was there.
            await store.DeleteAsync(uri, context.RequestAborted).ConfigureAwait(false);
            S3Responses.AddRequestId(context);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        else if ((HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !request.Query.Keys.Any(k => k is "uploadId" or "tagging" or "acl" or "attributes"))
        {
            await GetObjectAsync(context, uri).ConfigureAwait(false);
        }
        else
        {
            throw NotImplemented(context);
        }
    }

    private async Task GetObjectAsync(HttpContext context, S3Uri uri)
    {
        var file = new FileInfo(store.GetLocalPath(uri));
        if (!file.Exists)
        {
            throw new S3ErrorException(S3Errors.NoSuchKey(uri.Key));
        }

        var length = file.Length;
        long start = 0;
        var end = length - 1;
        var ranged = TryReadRange(context.Request.Headers.Range.ToString(), length, ref start, ref end);
        S3Responses.AddRequestId(context);
        var response = context.Response;
        response.StatusCode = ranged ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        response.ContentType = "binary/octet-stream";
        response.Headers.ETag = S3ObjectETag.Of(file);
        response.Headers.LastModified = file.LastWriteTimeUtc.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.AcceptRanges = "bytes";
        if (ranged)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}");
        }

        response.ContentLength = length == 0 ? 0 : end - start + 1;
        if (HttpMethods.IsHead(context.Request.Method) || length == 0)
        {
            return;
        }

        await response.SendFileAsync(file.FullName, start, end - start + 1, context.RequestAborted).ConfigureAwait(false);
    }

    // One range, as S3 serves: "bytes=a-b", "bytes=a-", "bytes=-n". A range past the end is 416 InvalidRange.
    private static bool TryReadRange(string header, long length, ref long start, ref long end)
    {
        if (string.IsNullOrEmpty(header) || !header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var parts = header["bytes=".Length..].Split('-', 2);
        var hasFirst = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first);
        var hasLast = parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : -1;
        if (hasFirst)
        {
            if (first >= length)
            {
                throw new S3ErrorException(new S3Error(HttpStatusCode.RequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable"));
            }

            start = first;
            end = hasLast >= 0 ? Math.Min(hasLast, length - 1) : length - 1;
            return end >= start;
        }

        if (hasLast > 0)
        {
            start = Math.Max(0, length - hasLast);
            end = length - 1;
            return true;
        }

        return false;
    }

    private async Task ListObjectsV2Async(HttpContext context, string bucket)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var delimiter = query["delimiter"].ToString();
        var maxKeys = 1000;
        if (query.TryGetValue("max-keys", out var maxText) && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxKeys) || maxKeys > 1000))
        {
            maxKeys = Math.Clamp(maxKeys, 0, 1000);
        }

        var continuation = query["continuation-token"].ToString();
        var after = continuation.Length > 0 ? DecodeToken(continuation) : query["start-after"].ToString();
        var contents = new List<ArtifactObject>();
        var prefixes = new List<string>();
        string? last = null;
        var truncated = false;
        await foreach (var item in store.ListAsync(S3Uri.Create(bucket, prefix), context.RequestAborted).ConfigureAwait(false))
        {
            var key = item.Uri.Key;
            var cut = delimiter.Length == 0 ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            var entry = cut < 0 ? key : key[..(cut + delimiter.Length)];
            if (string.CompareOrdinal(entry, after) <= 0 || entry == last)
            {
                continue;
            }

            if (contents.Count + prefixes.Count == maxKeys)
            {
                truncated = true;
                break;
            }

            if (cut < 0)
            {
                contents.Add(item);
            }
            else
            {
                prefixes.Add(entry);
            }

            last = entry;
        }

        await S3Responses.WriteXmlAsync(context, new XElement(
            Ns + "ListBucketResult",
            new XElement(Ns + "Name", bucket),
            new XElement(Ns + "Prefix", prefix),
            delimiter.Length > 0 ? new XElement(Ns + "Delimiter", delimiter) : null,
            new XElement(Ns + "MaxKeys", maxKeys),
            new XElement(Ns + "KeyCount", contents.Count + prefixes.Count),
            new XElement(Ns + "IsTruncated", truncated ? "true" : "false"),
            continuation.Length > 0 ? new XElement(Ns + "ContinuationToken", continuation) : null,
            truncated && last is not null ? new XElement(Ns + "NextContinuationToken", EncodeToken(last)) : null,
            query.ContainsKey("start-after") ? new XElement(Ns + "StartAfter", query["start-after"].ToString()) : null,
            contents.Select(item => new XElement(
                Ns + "Contents",
                new XElement(Ns + "Key", item.Uri.Key),
                new XElement(Ns + "LastModified", Timestamp(item.LastModified.UtcDateTime)),
                new XElement(Ns + "ETag", S3ObjectETag.Of(new FileInfo(store.GetLocalPath(item.Uri)))),
                new XElement(Ns + "Size", item.Size),
                new XElement(Ns + "StorageClass", "STANDARD"))),
            prefixes.Select(p => new XElement(Ns + "CommonPrefixes", new XElement(Ns + "Prefix", p))))).ConfigureAwait(false);
    }

    private async Task DeleteObjectsAsync(HttpContext context, string bucket)
    {
        var document = await ReadXmlAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var keys = document.Root?.Elements().Where(e => e.Name.LocalName == "Object")
            .Select(o => o.Elements().FirstOrDefault(e => e.Name.LocalName == "Key")?.Value)
            .OfType<string>().ToList() ?? [];
        var quiet = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Quiet")?.Value == "true";
        var deleted = new List<XElement>();
        var errors = new List<XElement>();
        foreach (var key in keys)
        {
            try
            {
                await store.DeleteAsync(S3Uri.Create(bucket, key), context.RequestAborted).ConfigureAwait(false);
                deleted.Add(new XElement(Ns + "Deleted", new XElement(Ns + "Key", key)));
            }
            catch (MlOpsValidationException ex)
            {
                errors.Add(new XElement(Ns + "Error", new XElement(Ns + "Key", key), new XElement(Ns + "Code", "InvalidArgument"), new XElement(Ns + "Message", ex.Message)));
            }
        }

        await S3Responses.WriteXmlAsync(context, new XElement(Ns + "DeleteResult", quiet ? null : deleted, errors)).ConfigureAwait(false);
    }

    // The body of an upload, decoded when the SDK sent it aws-chunked.
    private static Task CopyBodyAsync(HttpRequest request, Stream output, CancellationToken cancellationToken) =>
        AwsChunkedDecoder.IsChunked(request.Headers["x-amz-content-sha256"].ToString(), request.Headers.ContentEncoding.ToString())
            ? AwsChunkedDecoder.CopyAsync(request.Body, output, cancellationToken)
            : request.Body.CopyToAsync(output, cancellationToken);

    private static async Task<XDocument> ReadXmlAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await CopyBodyAsync(request, buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        try
        {
            return await XDocument.LoadAsync(buffer, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        }
        catch (XmlException)
        {
            throw new S3ErrorException(new S3Error(HttpStatusCode.BadRequest, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema."));
        }
    }

    private static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string EncodeToken(string key) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key));

    private static string DecodeToken(string token)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            throw new S3ErrorException(S3Errors.InvalidArgument("The continuation token provided is incorrect"));
        }
    }
}
