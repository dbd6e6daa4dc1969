namespace MlOps.Sdk.Review;

/// <summary>One link of the review: what it points to, a label, and where (a URL, or a path or ARN when there is no web page).</summary>
/// <param name="Title">What it is, such as "Training job".</param>
/// <param name="Label">The text shown, such as the job's name.</param>
/// <param name="Target">A URL, or <see langword="null"/> when there is no page to open (local mode).</param>
public sealed record ReviewLink(string Title, string Label, string? Target);
