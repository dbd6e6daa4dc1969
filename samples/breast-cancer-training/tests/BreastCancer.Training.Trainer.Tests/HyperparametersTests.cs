using BreastCancer.Training.Trainer.Contract;

namespace BreastCancer.Training.Trainer.Tests;

public sealed class HyperparametersTests
{
    [Fact]
    public void Parse_StringValues_AreReadAsTheirTypes()
    {
        var hyperparameters = Hyperparameters.Parse("""{"max_iterations": "250", "learning_rate": "0.05"}""", "test");

        Assert.Equal(250, hyperparameters.GetInt32("max_iterations", 100, 1, 1000));
        Assert.Equal(0.05f, hyperparameters.GetSingle("learning_rate", 0.2f, 0f, 1f));
    }

    [Fact]
    public void GetInt32_Missing_ReturnsDefault()
    {
        var hyperparameters = Hyperparameters.Parse("{}", "test");

        Assert.Equal(100, hyperparameters.GetInt32("max_iterations", 100, 1, 1000));
    }

    [Fact]
    public void GetInt32_OutOfRange_ThrowsNamingTheHyperparameterAndRule()
    {
        var hyperparameters = Hyperparameters.Parse("""{"number_of_trees": "0"}""", "test");

        var exception = Assert.Throws<TrainerInputException>(() => hyperparameters.GetInt32("number_of_trees", 100, 1, 10_000));

        Assert.Contains("'number_of_trees'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 10000", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSingle_NotANumber_ThrowsNamingTheHyperparameter()
    {
        var hyperparameters = Hyperparameters.Parse("""{"learning_rate": "fast"}""", "test");

        var exception = Assert.Throws<TrainerInputException>(() => hyperparameters.GetSingle("learning_rate", 0.2f, 0f, 1f));

        Assert.Contains("'learning_rate'", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'fast'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetChoice_UnknownValue_ThrowsListingTheAllowedValues()
    {
        var hyperparameters = Hyperparameters.Parse("""{"algorithm": "xgboost"}""", "test");

        var exception = Assert.Throws<TrainerInputException>(() => hyperparameters.GetChoice("algorithm", "lbfgs", "lbfgs", "fasttree"));

        Assert.Contains("lbfgs, fasttree", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAnObject_ThrowsNamingTheSource()
    {
        var exception = Assert.Throws<TrainerInputException>(() => Hyperparameters.Parse("[1, 2]", "hyperparameters.json"));

        Assert.Contains("hyperparameters.json", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedObjectValue_ThrowsNamingTheHyperparameter()
    {
        var exception = Assert.Throws<TrainerInputException>(() => Hyperparameters.Parse("""{"seed": {"value": 1}}""", "test"));

        Assert.Contains("'seed'", exception.Message, StringComparison.Ordinal);
    }
}
