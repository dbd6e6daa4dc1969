using System.Text.RegularExpressions;
using CsCheck;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Tests.Naming;

public class SageMakerNameRulesTests
{
    [Fact]
    public void IsValid_AnyText_AgreesWithPublishedPatternAndLength()
    {
        var regex = new Regex(SageMakerNameRules.Pattern);
        var gen = Gen.OneOf(Gen.String, Gen.String[Gen.Char["ab9-_.Z"], 0, 70]);

        gen.Sample(name =>
        {
            var expected = name.Length <= SageMakerNameRules.MaxLength && regex.IsMatch(name);

            Assert.Equal(expected, SageMakerNameRules.IsValid(name));
        });
    }

    [Fact]
    public void Validate_TooLong_FailsNamingFieldAndLength()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => SageMakerNameRules.Validate(new string('a', 64), "EndpointName"));

        Assert.Equal("EndpointName", error.FieldName);
        Assert.Contains("got 64", error.Rule);
    }

    [Theory]
    [InlineData("my_model", '_')]
    [InlineData("my.model", '.')]
    [InlineData("my model", ' ')]
    public void Validate_ForbiddenCharacter_FailsNamingTheCharacter(string name, char forbidden)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => SageMakerNameRules.Validate(name, "ModelName"));

        Assert.Contains($"'{forbidden}'", error.Rule);
    }

    [Theory]
    [InlineData("-model")]
    [InlineData("model-")]
    [InlineData("")]
    public void Validate_BadEnds_Fails(string name)
    {
        Assert.Throws<MlOpsValidationException>(() => SageMakerNameRules.Validate(name, "ModelName"));
    }

    [Fact]
    public void Shorten_ShortName_ReturnsItUnchanged()
    {
        Assert.Equal("churn-prod", SageMakerNameRules.Shorten("churn-prod"));
    }

    [Fact]
    public void Shorten_LongNamesSharingTheirStart_GivesDistinctValidNames()
    {
        var start = new string('a', 70);

        var first = SageMakerNameRules.Shorten(start + "-one");
        var second = SageMakerNameRules.Shorten(start + "-two");

        Assert.Equal(SageMakerNameRules.MaxLength, first.Length);
        Assert.True(SageMakerNameRules.IsValid(first));
        Assert.NotEqual(first, second);
    }
}
