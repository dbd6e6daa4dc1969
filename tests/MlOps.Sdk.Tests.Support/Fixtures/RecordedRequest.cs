namespace MlOps.Sdk.Tests.Fixtures;

/// <summary>A request as it left the SDK, after signing.</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The <c>X-Amz-Target</c> header, for AWS JSON 1.1 calls.</summary>
    public string? Target => Headers.TryGetValue("X-Amz-Target", out var target) ? target : null;

    /// <summary>The operation named by <see cref="Target"/> (<c>SageMaker.CreateTrainingJob</c> gives <c>CreateTrainingJob</c>).</summary>
    public string? Operation => Target?[(Target.IndexOf('.') + 1)..];

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
