namespace MlOps.Sdk.SageMaker;

/// <summary>The request of the SageMaker runtime <c>InvokeEndpoint</c> operation.</summary>
public sealed record InvokeEndpointRequest
{
    /// <summary>The largest payload SageMaker accepts: 6 MB.</summary>
    public const int MaxBodyBytes = 6_291_456;

    /// <summary>The endpoint to invoke.</summary>
    public required string EndpointName { get; init; }

    /// <summary>The payload, in the format <see cref="ContentType"/> names.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The MIME type of <see cref="Body"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>The MIME type wanted for the answer.</summary>
    public string? Accept { get; init; }

    /// <summary>Opaque text passed to the model container as <c>X-Amzn-SageMaker-Custom-Attributes</c>.</summary>
    public string? CustomAttributes { get; init; }

    /// <summary>The production variant to send the request to, bypassing the traffic weights.</summary>
    public string? TargetVariant { get; init; }

    /// <summary>An identifier for this inference, kept with captured data.</summary>
    public string? InferenceId { get; init; }

    /// <summary>Checks the request against the runtime API model's rules; throws <see cref="MlOpsValidationException"/> naming the first field at fault.</summary>
    /// <param name="path">The field path of this value, used in error messages.</param>
    public void Validate(string path = nameof(InvokeEndpointRequest))
    {
        WireValidation.Required(EndpointName, path + ".EndpointName");
        WireValidation.Length(EndpointName, 1, 63, path + ".EndpointName");
        WireValidation.Pattern(EndpointName, WirePatterns.EndpointName, path + ".EndpointName");
        if (Body.Length > MaxBodyBytes)
        {
            throw new MlOpsValidationException(path + ".Body", $"must be at most {MaxBodyBytes} bytes (6 MB); it is {Body.Length}");
        }

        ValidateHeader(ContentType, 1024, path + ".ContentType");
        ValidateHeader(Accept, 1024, path + ".Accept");
        ValidateHeader(CustomAttributes, 1024, path + ".CustomAttributes");
        if (TargetVariant is not null)
        {
            WireValidation.Length(TargetVariant, 1, 63, path + ".TargetVariant");
            WireValidation.Pattern(TargetVariant, WirePatterns.EndpointName, path + ".TargetVariant");
        }

        if (InferenceId is not null)
        {
            WireValidation.Length(InferenceId, 1, 64, path + ".InferenceId");
        }
    }

    /// <summary>Checks a header value the runtime passes on (content type, accept, custom attributes): ASCII, at most <paramref name="max"/> characters.</summary>
    /// <param name="value">The value; <see langword="null"/> passes.</param>
    /// <param name="max">The most characters the runtime API model allows.</param>
    /// <param name="path">The field path used in error messages.</param>
    internal static void ValidateHeader(string? value, int max, string path)
    {
        if (value is null)
        {
            return;
        }

        WireValidation.Length(value, 0, max, path);
        if (!System.Text.Ascii.IsValid(value))
        {
            throw new MlOpsValidationException(path, "must be ASCII text");
        }
    }
}
