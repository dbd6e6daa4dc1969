using Microsoft.AspNetCore.Http;

namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>
/// Reads a request's SigV4 signature. The signature itself is not recomputed: local mode has no secret keys to check it
/// against, so any credentials are accepted. What is checked is what AWS refuses before it looks at a key: no signature,
/// or one that is not AWS4-HMAC-SHA256 with a credential scope, signed headers and a signature.
/// </summary>
internal static class SigV4Reader
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Reads the signature of <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="credential">The credential scope when the outcome is <see cref="SigV4Outcome.Signed"/>.</param>
    /// <param name="problem">What is wrong when the outcome is <see cref="SigV4Outcome.Incomplete"/>.</param>
    /// <returns>The outcome.</returns>
    public static SigV4Outcome Read(HttpRequest request, out SigV4Credential? credential, out string? problem)
    {
        credential = null;
        problem = null;
        var header = request.Headers.Authorization.ToString();
        if (!string.IsNullOrWhiteSpace(header))
        {
            return ReadHeader(header, out credential, out problem);
        }

        // A presigned URL (what boto3's generate_presigned_url and `aws s3 presign` make) carries the signature in the query.
        var query = request.Query;
        if (query.ContainsKey("X-Amz-Algorithm") || query.ContainsKey("X-Amz-Credential") || query.ContainsKey("X-Amz-Signature"))
        {
            if (query["X-Amz-Algorithm"] != Algorithm)
            {
                problem = $"Only {Algorithm} is supported (X-Amz-Algorithm).";
                return SigV4Outcome.Incomplete;
            }

            if (string.IsNullOrEmpty(query["X-Amz-Signature"]) || string.IsNullOrEmpty(query["X-Amz-SignedHeaders"]))
            {
                problem = "The presigned request lacks X-Amz-Signature or X-Amz-SignedHeaders.";
                return SigV4Outcome.Incomplete;
            }

            return ReadScope(query["X-Amz-Credential"].ToString(), out credential, out problem);
        }

        return SigV4Outcome.Missing;
    }

    private static SigV4Outcome ReadHeader(string header, out SigV4Credential? credential, out string? problem)
    {
        credential = null;
        problem = null;
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || !header[..space].Equals(Algorithm, StringComparison.Ordinal))
        {
            problem = $"Authorization header requires the {Algorithm} algorithm.";
            return SigV4Outcome.Incomplete;
        }

        var parts = header[(space + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First()[1], StringComparer.Ordinal);
        foreach (var required in new[] { "Credential", "SignedHeaders", "Signature" })
        {
            if (!parts.TryGetValue(required, out var value) || value.Length == 0)
            {
                problem = $"Authorization header requires '{required}' parameter.";
                return SigV4Outcome.Incomplete;
            }
        }

        return ReadScope(parts["Credential"], out credential, out problem);
    }

    private static SigV4Outcome ReadScope(string scope, out SigV4Credential? credential, out string? problem)
    {
        credential = null;
        problem = null;
        var pieces = scope.Split('/');
        if (pieces.Length != 5 || pieces[4] != "aws4_request" || pieces.Take(4).Any(string.IsNullOrEmpty))
        {
            problem = $"Credential should be scoped to a valid region, service and aws4_request terminator: '{scope}'.";
            return SigV4Outcome.Incomplete;
        }

        credential = new SigV4Credential(pieces[0], pieces[1], pieces[2], pieces[3]);
        return SigV4Outcome.Signed;
    }
}
