namespace MlOps.Sdk.LocalWire.Protocol;

/// <summary>How one service pages its listings: the members' names, the page sizes and its error for a bad token.</summary>
/// <param name="TokenMember">The request and response member holding the token (<c>NextToken</c>, <c>nextToken</c>, <c>PaginationToken</c>).</param>
/// <param name="SizeMember">The request member holding the page size (<c>MaxResults</c>, <c>limit</c>, <c>ResourcesPerPage</c>).</param>
/// <param name="DefaultSize">The page size when the request names none.</param>
/// <param name="MaxSize">The largest page size the service accepts.</param>
/// <param name="InvalidTokenCode">The error code of a token the service did not issue.</param>
internal sealed record ListPaging(string TokenMember, string SizeMember, int DefaultSize, int MaxSize, string InvalidTokenCode);
