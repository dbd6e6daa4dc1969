namespace MlOps.Sdk.LocalWire.Logs;

/// <summary>Where the streams of some log groups come from; <see cref="LogGroups"/> answers the operations over them.</summary>
internal interface ILogGroupSource
{
    /// <summary>How the source's groups are named, for the error of a group no source holds.</summary>
    string GroupNaming { get; }

    /// <summary>Whether a group of this name would be this source's (it may still not exist).</summary>
    /// <param name="groupName">The request's log group.</param>
    /// <returns><see langword="true"/> when the source answers for it.</returns>
    bool Names(string groupName);

    /// <summary>
    /// The group's streams, events oldest first; at least those whose names start with <paramref name="streamPrefix"/>
    /// or are in <paramref name="streamNames"/> (either narrows what must be read; the caller filters again).
    /// </summary>
    /// <param name="groupName">A group <see cref="Names"/> accepted.</param>
    /// <param name="streamPrefix">Only streams starting with this, when given.</param>
    /// <param name="streamNames">Only these streams, when given.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The streams, by name; <see langword="null"/> when the group does not exist.</returns>
    Task<IReadOnlyList<LogStreamContent>?> ReadAsync(string groupName, string? streamPrefix, IReadOnlySet<string>? streamNames, CancellationToken cancellationToken);
}
