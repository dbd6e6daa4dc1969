using System.Buffers;
using Microsoft.Extensions.Options;
using BreastCancer.Endpoint.Server.Hosting;
using BreastCancer.Endpoint.Server.Model;
using BreastCancer.Endpoint.Server.Payloads;

namespace BreastCancer.Endpoint.Server.Handlers;

/// <summary>
/// <c>POST /invocations</c>: reads rows as JSON or CSV, predicts each, and answers in the format the client accepts.
/// Every problem with the request is a 4xx with a message: 400 unreadable body or wrong feature count, 406 unsupported
/// Accept, 413 body over the limit, 415 unsupported Content-Type.
/// </summary>
public sealed class InvocationsHandler
{
    /// <summary>SageMaker's header for caller metadata; it is passed back unchanged.</summary>
    public const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";

    private readonly ModelStore _store;
    private readonly int _maximumPayloadBytes;

    /// <summary>Creates the handler.</summary>
    /// <param name="store">The model store.</param>
    /// <param name="options">The server's settings.</param>
    public InvocationsHandler(ModelStore store, IOptions<InferenceServerOptions> options)
    {
        _store = store;
        _maximumPayloadBytes = options.Value.MaximumPayloadBytes;
    }

    /// <summary>Handles one invocation.</summary>
    /// <param name="context">The request's context.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.TryGetValue(CustomAttributesHeader, out var customAttributes))
        {
            context.Response.Headers[CustomAttributesHeader] = customAttributes;
        }

        var model = _store.Current;
        if (model is null)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, _store.Failure ?? "The model is loading.");
            return;
        }

        if (!MediaTypes.TryParseContentType(request.ContentType, out var requestFormat))
        {
            await ErrorResponse.WriteAsync(
                context,
                StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be {MediaTypes.Json} or {MediaTypes.Csv}; got '{request.ContentType}'.");
            return;
        }

        if (!MediaTypes.TryNegotiate(request.Headers.Accept, requestFormat, out var responseFormat))
        {
            await ErrorResponse.WriteAsync(
                context,
                StatusCodes.Status406NotAcceptable,
                $"Accept must allow {MediaTypes.Json} or {MediaTypes.Csv}; got '{request.Headers.Accept}'.");
            return;
        }

        if (request.ContentLength > _maximumPayloadBytes)
        {
            await WriteTooLargeAsync(context);
            return;
        }

        List<float[]>? rows = null;
        Prediction flatRowPrediction = default;
        try
        {
            var body = await ReadBodyAsync(context);
            if (body is null)
            {
                await WriteTooLargeAsync(context);
                return;
            }

            if (requestFormat == PayloadFormat.Json && TryPredictFlatRow(model, body.Value, out flatRowPrediction))
            {
                context.Request.BodyReader.AdvanceTo(body.Value.End);
            }
            else
            {
                rows = Parse(context, body.Value, requestFormat);
            }
        }
        catch (InvalidPayloadException exception)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, exception.Message);
            return;
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's own body limit, or a malformed chunked body.
            await ErrorResponse.WriteAsync(context, exception.StatusCode, exception.Message);
            return;
        }

        if (rows is null)
        {
            await WritePredictionAsync(context, flatRowPrediction, responseFormat);
            return;
        }

        for (var index = 0; index < rows.Count; index++)
        {
            if (rows[index].Length != model.FeatureCount)
            {
                await ErrorResponse.WriteAsync(
                    context,
                    StatusCodes.Status400BadRequest,
                    $"Row {index + 1} has {rows[index].Length} features; the model takes {model.FeatureCount}.");
                return;
            }
        }

        var predictions = new Prediction[rows.Count];
        for (var index = 0; index < rows.Count; index++)
        {
            predictions[index] = model.Predict(rows[index]);
        }

        await WritePredictionsAsync(context, predictions, responseFormat);
    }

    // The usual request, one flat JSON row of the model's length, is read into a pooled buffer and predicted at once, so
    // it allocates nothing (per-request garbage was a measurable share of the server's time). Anything else, errors
    // included, is left to the general readers, which word the error.
    private static bool TryPredictFlatRow(LoadedModel model, ReadOnlySequence<byte> body, out Prediction prediction)
    {
        prediction = default;
        if (!body.IsSingleSegment || FlatJsonRowReader.CountValues(body.FirstSpan) != model.FeatureCount)
        {
            return false;
        }

        var buffer = ArrayPool<float>.Shared.Rent(model.FeatureCount);
        try
        {
            var row = buffer.AsSpan(0, model.FeatureCount);
            if (!FlatJsonRowReader.TryRead(body.FirstSpan, row))
            {
                return false;
            }

            prediction = model.Predict(row);
            return true;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private static Task WritePredictionAsync(HttpContext context, Prediction prediction, PayloadFormat format) =>
        WritePredictionsAsync(context, [prediction], format);

    // Formats the answer into a pooled buffer, then writes it; the buffer goes back to the pool once written.
    private static Task WritePredictionsAsync(HttpContext context, ReadOnlySpan<Prediction> predictions, PayloadFormat format)
    {
        var output = ArrayPool<byte>.Shared.Rent(PredictionWriter.MaximumLength(predictions.Length));
        var length = PredictionWriter.Write(output, predictions, format);
        context.Response.ContentType = MediaTypes.Of(format);
        context.Response.ContentLength = length;
        return WriteAndReturnAsync(context, output, length);
    }

    private static async Task WriteAndReturnAsync(HttpContext context, byte[] output, int length)
    {
        try
        {
            await context.Response.BodyWriter.WriteAsync(output.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    // Buffers the whole body in the request pipe (no copy); null when it grows past the limit.
    private ValueTask<ReadOnlySequence<byte>?> ReadBodyAsync(HttpContext context)
    {
        // A small body usually arrives with the headers: then it is all there already, and no read needs to wait.
        var reader = context.Request.BodyReader;
        if (reader.TryRead(out var result))
        {
            if (result.IsCompleted && result.Buffer.Length <= _maximumPayloadBytes)
            {
                return ValueTask.FromResult<ReadOnlySequence<byte>?>(result.Buffer);
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        return ReadRestOfBodyAsync(context);
    }

    private async ValueTask<ReadOnlySequence<byte>?> ReadRestOfBodyAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            if (result.Buffer.Length > _maximumPayloadBytes)
            {
                reader.AdvanceTo(result.Buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                return result.Buffer;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static List<float[]> Parse(HttpContext context, ReadOnlySequence<byte> body, PayloadFormat format)
    {
        try
        {
            if (body.IsEmpty)
            {
                throw new InvalidPayloadException("The request body is empty; send one or more rows.");
            }

            return format == PayloadFormat.Json ? JsonPayloadReader.Read(body) : CsvPayloadReader.Read(body);
        }
        finally
        {
            context.Request.BodyReader.AdvanceTo(body.End);
        }
    }

    private Task WriteTooLargeAsync(HttpContext context) =>
        ErrorResponse.WriteAsync(
            context,
            StatusCodes.Status413PayloadTooLarge,
            $"The request body is larger than {_maximumPayloadBytes} bytes, the most SageMaker passes to a model.");
}
