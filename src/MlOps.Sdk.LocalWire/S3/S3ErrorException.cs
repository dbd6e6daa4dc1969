namespace MlOps.Sdk.LocalWire.S3;

/// <summary>Thrown inside the S3 handlers to answer with an S3 error document.</summary>
/// <param name="error">The error to answer.</param>
internal sealed class S3ErrorException(S3Error error) : Exception(error.Message)
{
    /// <summary>The error to answer.</summary>
    public S3Error Error { get; } = error;
}
