using Microsoft.AspNetCore.Http;

namespace MlOps.Sdk.LocalWire.S3;

/// <summary>The S3 subset the pipeline uses, path-style (<c>/&lt;bucket&gt;/&lt;key&gt;</c>), over the local buckets.</summary>
internal sealed class S3Handler
{
    /// <summary>Answers one S3 request.</summary>
    /// <param name="context">The exchange.</param>
    /// <returns>A task that completes once the answer is written.</returns>
    public Task HandleAsync(HttpContext context) =>
        S3Responses.WriteErrorAsync(context, S3Errors.NotImplemented($"{context.Request.Method} {context.Request.Path}"));
}
