using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Tests.Naming;

public class AwsTagRulesTests
{
    [Theory]
    [InlineData("Project", "churn")]
    [InlineData("team/owner", "data science @ acme")]
    [InlineData("Ünïcode", "värde")]
    [InlineData("Empty", "")]
    public void ResourceTag_ValidKeyAndValue_IsCreated(string key, string value)
    {
        var tag = new ResourceTag(key, value);

        Assert.Equal((key, value), (tag.Key, tag.Value));
    }

    [Fact]
    public void ResourceTag_KeyOver128Characters_FailsNamingKey()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new ResourceTag(new string('k', 129), "v"));

        Assert.Equal("Tag.Key", error.FieldName);
    }

    [Fact]
    public void ResourceTag_EmptyKey_FailsNamingKey()
    {
        Assert.Equal("Tag.Key", Assert.Throws<MlOpsValidationException>(() => new ResourceTag("", "v")).FieldName);
    }

    [Theory]
    [InlineData("aws:createdBy")]
    [InlineData("AWS:x")]
    public void ResourceTag_AwsPrefix_FailsAsReserved(string key)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new ResourceTag(key, "v"));

        Assert.Contains("aws:", error.Rule);
    }

    [Theory]
    [InlineData("a*b")]
    [InlineData("a#b")]
    [InlineData("a\nb")]
    public void ResourceTag_ForbiddenKeyCharacter_Fails(string key)
    {
        Assert.Throws<MlOpsValidationException>(() => new ResourceTag(key, "v"));
    }

    [Fact]
    public void ResourceTag_ValueOver256Characters_FailsNamingValue()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new ResourceTag("k", new string('v', 257)));

        Assert.Equal("Tag[k].Value", error.FieldName);
    }

    [Fact]
    public void ResourceTag_ForbiddenValueCharacter_FailsNamingValue()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new ResourceTag("k", "a;b"));

        Assert.Equal("Tag[k].Value", error.FieldName);
    }

    [Fact]
    public void ValidateSet_RepeatedKey_Fails()
    {
        Assert.Throws<MlOpsValidationException>(() => AwsTagRules.ValidateSet([new("k", "1"), new("k", "2")]));
    }

    [Fact]
    public void ValidateSet_51Tags_Fails()
    {
        var tags = Enumerable.Range(0, 51).Select(i => new ResourceTag($"k{i}", "v"));

        Assert.Throws<MlOpsValidationException>(() => AwsTagRules.ValidateSet(tags));
    }
}
