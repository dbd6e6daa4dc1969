namespace BreastCancer.Endpoint.Server.Model;

/// <summary>The answer for one row.</summary>
/// <param name="Label">The predicted class: 1 (positive) or 0.</param>
/// <param name="Probability">The probability of class 1.</param>
/// <param name="Score">The raw score.</param>
public readonly record struct Prediction(int Label, float Probability, float Score);
