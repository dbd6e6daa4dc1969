namespace BreastCancer.Endpoint.Server.Payloads;

/// <summary>A request body the server cannot read; its message says what is wrong and where, and goes back as a 400.</summary>
public sealed class InvalidPayloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the payload, and where.</param>
    public InvalidPayloadException(string message)
        : base(message)
    {
    }
}
