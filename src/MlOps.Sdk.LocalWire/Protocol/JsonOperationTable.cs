using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Sdk.Aws;

namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>
/// The operations of one AWS JSON 1.1 (or 1.0) service (<c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c>), each bound to a port
/// method. Requests are read and answers written with <see cref="AwsJson.Options"/>, the conventions the AWS adapters
/// send and read, over the same generated wire types: one description of each operation serves both ends.
/// </summary>
internal sealed class JsonOperationTable
{
    private readonly Dictionary<string, Func<JsonObject, CancellationToken, Task<byte[]>>> operations = new(StringComparer.Ordinal);

    /// <summary>Creates an empty table.</summary>
    /// <param name="targetPrefix">The service's <c>X-Amz-Target</c> prefix, such as <c>SageMaker</c>.</param>
    /// <param name="validationCode">The service's error code for bad input.</param>
    /// <param name="contentType">The media type of its bodies: AWS JSON 1.1 unless the service speaks 1.0 (CloudWatch).</param>
    public JsonOperationTable(string targetPrefix, string validationCode, string contentType = WireResponses.AmzJson11)
    {
        TargetPrefix = targetPrefix;
        ValidationCode = validationCode;
        ContentType = contentType;
    }

    /// <summary>The service's <c>X-Amz-Target</c> prefix.</summary>
    public string TargetPrefix { get; }

    /// <summary>The service's error code for bad input.</summary>
    public string ValidationCode { get; }

    /// <summary>The media type of the service's answers and errors.</summary>
    public string ContentType { get; }

    /// <summary>The names of the operations the table answers.</summary>
    public IReadOnlyCollection<string> OperationNames => operations.Keys;

    /// <summary>Adds an operation with an answer.</summary>
    /// <typeparam name="TRequest">The wire request type.</typeparam>
    /// <typeparam name="TResponse">The wire response type.</typeparam>
    /// <param name="name">The operation's name in the API model.</param>
    /// <param name="call">The port method.</param>
    /// <returns>This table.</returns>
    public JsonOperationTable Operation<TRequest, TResponse>(string name, Func<TRequest, CancellationToken, Task<TResponse>> call)
    {
        operations.Add(name, async (body, cancellationToken) =>
        {
            var answer = await call(Read<TRequest>(name, body), cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToUtf8Bytes(answer, AwsJson.Options);
        });
        return this;
    }

    /// <summary>Adds an operation whose answer is empty (<c>{}</c>), such as the deletions.</summary>
    /// <typeparam name="TRequest">The wire request type.</typeparam>
    /// <param name="name">The operation's name in the API model.</param>
    /// <param name="call">The port method.</param>
    /// <returns>This table.</returns>
    public JsonOperationTable Command<TRequest>(string name, Func<TRequest, CancellationToken, Task> call)
    {
        operations.Add(name, async (body, cancellationToken) =>
        {
            await call(Read<TRequest>(name, body), cancellationToken).ConfigureAwait(false);
            return "{}"u8.ToArray();
        });
        return this;
    }

    /// <summary>
    /// Adds a paginated listing. The port lists everything; the table cuts the page the request asks for
    /// (<see cref="ListPaging.SizeMember"/>, <see cref="ListPaging.TokenMember"/>) and hands out the next page's token.
    /// </summary>
    /// <typeparam name="TRequest">The wire request type.</typeparam>
    /// <typeparam name="TItem">The listed item type.</typeparam>
    /// <param name="name">The operation's name in the API model.</param>
    /// <param name="paging">How the service pages.</param>
    /// <param name="list">The port method.</param>
    /// <param name="page">Builds the wire answer from a page of items and the next token (or <see langword="null"/>).</param>
    /// <returns>This table.</returns>
    public JsonOperationTable Listing<TRequest, TItem>(string name, ListPaging paging, Func<TRequest, CancellationToken, IAsyncEnumerable<TItem>> list, Func<IReadOnlyList<TItem>, string?, object> page)
    {
        operations.Add(name, async (body, cancellationToken) =>
        {
            var (offset, size) = ReadPage(name, paging, body);
            var items = new List<TItem>();
            var index = 0;
            var more = false;
            await foreach (var item in list(Read<TRequest>(name, body), cancellationToken).ConfigureAwait(false))
            {
                if (index++ < offset)
                {
                    continue;
                }

                if (items.Count == size)
                {
                    more = true;
                    break;
                }

                items.Add(item);
            }

            var answer = page(items, more ? PageToken.Create(offset + size) : null);
            return JsonSerializer.SerializeToUtf8Bytes(answer, answer.GetType(), AwsJson.Options);
        });
        return this;
    }

    /// <summary>Finds an operation.</summary>
    /// <param name="name">The operation's name (the part of <c>X-Amz-Target</c> after the dot).</param>
    /// <param name="operation">Runs it on a request body and returns the serialized answer.</param>
    /// <returns><see langword="false"/> when the table has no such operation.</returns>
    public bool TryFind(string name, out Func<JsonObject, CancellationToken, Task<byte[]>> operation) =>
        operations.TryGetValue(name, out operation!);

    private (int Offset, int Size) ReadPage(string name, ListPaging paging, JsonObject body)
    {
        var offset = 0;
        if (body.Remove(paging.TokenMember, out var tokenNode) && tokenNode is not null)
        {
            if (tokenNode.GetValueKind() != JsonValueKind.String || !PageToken.TryRead(tokenNode.GetValue<string>(), out offset))
            {
                throw new MlOpsException($"{name}: the {paging.TokenMember} is not one this service issued.", paging.InvalidTokenCode, HttpStatusCode.BadRequest);
            }
        }

        var size = paging.DefaultSize;
        if (body.Remove(paging.SizeMember, out var sizeNode) && sizeNode is not null)
        {
            if (sizeNode.GetValueKind() != JsonValueKind.Number || !sizeNode.AsValue().TryGetValue(out size) || size < 1 || size > paging.MaxSize)
            {
                throw new MlOpsException($"1 validation error detected: Value '{sizeNode.ToJsonString()}' at '{paging.SizeMember}' failed to satisfy constraint: Member must have value between 1 and {paging.MaxSize}.", ValidationCode, HttpStatusCode.BadRequest);
            }
        }

        return (offset, size);
    }

    private TRequest Read<TRequest>(string name, JsonObject body)
    {
        try
        {
            return body.Deserialize<TRequest>(AwsJson.Options)
                ?? throw new JsonException("The request body is JSON null.");
        }
        catch (JsonException ex)
        {
            // A member of the wrong type or an enum value outside the model's set: AWS says which member, as a ValidationException.
            var member = string.IsNullOrEmpty(ex.Path) ? "the request" : $"'{ex.Path.TrimStart('$', '.')}'";
            throw new MlOpsException($"1 validation error detected: the value at {member} of {name} does not match the API model: {ex.Message}", ValidationCode, HttpStatusCode.BadRequest);
        }
    }
}
