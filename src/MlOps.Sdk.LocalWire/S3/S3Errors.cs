using System.Net;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>The S3 errors the server answers, with S3's codes, statuses and wording.</summary>
internal static class S3Errors
{
    /// <summary>An unsigned request: S3 refuses anonymous access to the local buckets, which are private.</summary>
    /// <returns>The error.</returns>
    public static S3Error AccessDenied() => new(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied");

    /// <summary>A signature that is not a complete SigV4 one.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The error.</returns>
    public static S3Error AuthorizationHeaderMalformed(string problem) => new(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", problem);

    /// <summary>A bucket that does not exist.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <returns>The error.</returns>
    public static S3Error NoSuchBucket(string bucket) => new(HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist", bucket);

    /// <summary>A key that does not exist.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The error.</returns>
    public static S3Error NoSuchKey(string key) => new(HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.", key);

    /// <summary>A multipart upload that does not exist (never created, completed or aborted).</summary>
    /// <param name="uploadId">The upload id.</param>
    /// <returns>The error.</returns>
    public static S3Error NoSuchUpload(string uploadId) => new(HttpStatusCode.NotFound, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", uploadId);

    /// <summary>A request S3 understands but the local subset does not answer.</summary>
    /// <param name="what">The request.</param>
    /// <returns>The error.</returns>
    public static S3Error NotImplemented(string what) => new(HttpStatusCode.NotImplemented, "NotImplemented", $"A header or query you provided implies functionality that is not implemented: {what} (the local server answers the S3 subset listed in docs/local-wire.md).");

    /// <summary>Bad input, such as a key local mode cannot store.</summary>
    /// <param name="message">What is wrong.</param>
    /// <returns>The error.</returns>
    public static S3Error InvalidArgument(string message) => new(HttpStatusCode.BadRequest, "InvalidArgument", message);
}
