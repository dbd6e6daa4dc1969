namespace BreastCancer.Training.Trainer.Contract;

/// <summary>
/// Input the trainer cannot work with: a missing channel, a bad hyperparameter, a malformed data file.
/// Its message names the input and the rule it broke, and becomes the training job's FailureReason.
/// </summary>
public sealed class TrainerInputException : Exception
{
    /// <summary>Creates the exception with a message that names the input and the rule.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public TrainerInputException(string message)
        : base(message)
    {
    }
}
