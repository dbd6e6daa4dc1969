using MlOps.Sdk.Aws;
using MlOps.Sdk.Storage;

namespace MlOps.Sdk.Tests.Aws;

public sealed class S3ArtifactStoreSafetyTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "mlops-download-root");

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("a/../../outside.txt")]
    [InlineData("..")]
    public void SafeTarget_KeyEscapingTheFolder_IsRefused(string relativeKey)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => S3ArtifactStore.SafeTarget(Root, relativeKey, S3Uri.Parse("s3://bucket/prefix/x")));

        Assert.Contains("outside the download folder", error.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.json", "model.json")]
    [InlineData("assets/vocab.txt", "assets/vocab.txt")]
    [InlineData("/leading/slash.txt", "leading/slash.txt")]
    public void SafeTarget_KeyInsideTheFolder_MapsUnderIt(string relativeKey, string expected)
    {
        var target = S3ArtifactStore.SafeTarget(Root, relativeKey, S3Uri.Parse("s3://bucket/prefix/x"));

        Assert.Equal(Path.GetFullPath(Path.Combine(Root, expected.Replace('/', Path.DirectorySeparatorChar))), target);
    }
}
