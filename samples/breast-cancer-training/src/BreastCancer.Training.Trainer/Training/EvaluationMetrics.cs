namespace BreastCancer.Training.Trainer.Training;

/// <summary>How well the model does on the validation rows.</summary>
/// <param name="Auc">Area under the ROC curve.</param>
/// <param name="Accuracy">Share of rows classified correctly.</param>
/// <param name="F1Score">Harmonic mean of precision and recall of the positive class.</param>
/// <param name="LogLoss">Log-loss of the calibrated probabilities.</param>
/// <param name="TrainingRows">Rows the model was trained on.</param>
/// <param name="ValidationRows">Rows it was evaluated on.</param>
public sealed record EvaluationMetrics(double Auc, double Accuracy, double F1Score, double LogLoss, long TrainingRows, long ValidationRows)
{
    /// <summary>
    /// The metrics by the names the pipeline uses (MetricDefinitions, the registry gate), in a stable order.
    /// </summary>
    /// <returns>Name and value pairs.</returns>
    public IReadOnlyList<KeyValuePair<string, double>> ByName() =>
    [
        new("validation:auc", Auc),
        new("validation:accuracy", Accuracy),
        new("validation:f1", F1Score),
        new("validation:log_loss", LogLoss),
    ];
}
