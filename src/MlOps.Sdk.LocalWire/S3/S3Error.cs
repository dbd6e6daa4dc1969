using System.Net;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>An S3 error: its HTTP status, code and message, and the resource it names.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Code">S3's error code, such as <c>NoSuchKey</c>.</param>
/// <param name="Message">The message, for a person.</param>
/// <param name="Resource">The bucket or key concerned, when there is one.</param>
internal sealed record S3Error(HttpStatusCode StatusCode, string Code, string Message, string? Resource = null);
