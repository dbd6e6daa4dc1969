namespace MlOps.Sdk.Endpoints;

/// <summary>One request of an endpoint test, with what its answer must be: an exact response, a JSON schema, or both.</summary>
public sealed record EndpointTestCase
{
    /// <summary>A name for the report.</summary>
    public required string Name { get; init; }

    /// <summary>The request payload.</summary>
    public required string Body { get; init; }

    /// <summary>The payload's MIME type.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>The MIME type wanted for the answer, if any.</summary>
    public string? Accept { get; init; }

    /// <summary>
    /// The expected answer: compared as JSON (numbers within <see cref="NumberTolerance"/>) when both sides parse as JSON,
    /// else as text with surrounding white space ignored. <see langword="null"/> for no comparison.
    /// </summary>
    public string? ExpectedResponse { get; init; }

    /// <summary>
    /// A JSON schema the answer must satisfy, or <see langword="null"/>. Supported keywords: <c>type</c>, <c>required</c>,
    /// <c>properties</c>, <c>additionalProperties</c> (boolean), <c>items</c>, <c>enum</c>, <c>minimum</c>, <c>maximum</c>,
    /// <c>minItems</c>, <c>maxItems</c>; annotations (<c>$schema</c>, <c>title</c>, <c>description</c>) are ignored, anything else is refused.
    /// </summary>
    public string? ExpectedSchema { get; init; }

    /// <summary>How far a number in the answer may be from the expected one.</summary>
    public double NumberTolerance { get; init; }
}
