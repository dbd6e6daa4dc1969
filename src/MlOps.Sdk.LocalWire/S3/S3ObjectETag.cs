using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>
/// ETags of the local objects. Local objects keep no metadata beside their bytes, and hashing a model archive on every
/// HEAD would be slow, so an object's ETag is derived from its size and write time: it changes whenever the object
/// does, and every answer (PUT, HEAD, GET, List) gives the same one. It is not the MD5 of the content, so it carries
/// the <c>-1</c> suffix of a multipart ETag: clients (AWSSDK.S3 among them) check a plain 32-digit ETag against the
/// MD5 of what they downloaded, and skip that check for multipart ETags, as they must for S3's own. Parts, whose
/// ETags clients send back, do get their MD5.
/// </summary>
internal static class S3ObjectETag
{
    /// <summary>The ETag of a local object file, quoted as S3 sends it.</summary>
    /// <param name="file">The object's file.</param>
    /// <returns>The ETag.</returns>
    public static string Of(FileInfo file) =>
        "\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{file.Length}:{file.LastWriteTimeUtc.Ticks}")))) + "-1\"";

    /// <summary>An MD5 digest as a quoted ETag.</summary>
    /// <param name="md5">The digest.</param>
    /// <returns>The ETag.</returns>
    public static string Quote(byte[] md5) => "\"" + Convert.ToHexStringLower(md5) + "\"";
}
