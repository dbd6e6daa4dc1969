namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>What <see cref="SigV4Reader"/> made of a request's signature.</summary>
internal enum SigV4Outcome
{
    /// <summary>A well-formed AWS4-HMAC-SHA256 signature: accepted with any credentials, as local mode has no accounts.</summary>
    Signed,

    /// <summary>No signature at all: AWS answers <c>MissingAuthenticationToken</c>.</summary>
    Missing,

    /// <summary>A signature that is not SigV4 or lacks a part: AWS answers <c>IncompleteSignature</c>.</summary>
    Incomplete,
}
