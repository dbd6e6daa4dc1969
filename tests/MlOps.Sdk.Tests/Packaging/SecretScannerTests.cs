using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public class SecretScannerTests
{
    // Built at run time so that this repository's own release would not trip the scanner.
    private static readonly string AccessKeyId = "AKIA" + "IOSFODNN7EXAMPLE";

    [Fact]
    public async Task ScanAsync_KeySplitAcrossReadChunks_IsFound()
    {
        var text = new string('x', (64 * 1024) - 7) + " " + AccessKeyId + "\n";

        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("source/big.txt", text)]);

        Assert.Equal([new SecretFinding("source/big.txt", "AWS access key id")], findings);
    }

    [Fact]
    public async Task ScanAsync_PemPrivateKeyBlockInAnyTextFile_IsFound()
    {
        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("deploy/notes.md", "-----BEGIN OPENSSH " + "PRIVATE KEY-----\nb3Blbn\n")]);

        Assert.Equal("PEM private key block", Assert.Single(findings).Reason);
    }

    [Fact]
    public async Task ScanAsync_PublicCertificate_IsNotASecret()
    {
        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("deploy/ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")]);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task ScanAsync_LongerUppercaseWordContainingAkia_IsNotAKey()
    {
        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("docs/a.md", "XAKIAIOSFODNN7EXAMPLEX")]);

        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("source/.env", ".env file")]
    [InlineData("source/.env.production", ".env file")]
    [InlineData("source/home/.ssh/id_ed25519", "private key file")]
    [InlineData("source/certs/tls.key", "private key file")]
    [InlineData("source/home/.aws/credentials", "AWS credentials file")]
    public void ReasonFromName_SecretFileNames_AreRecognised(string path, string reason)
    {
        Assert.Equal(reason, SecretScanner.ReasonFromName(path));
    }

    [Theory]
    [InlineData("source/.env.example")]
    [InlineData("source/.ssh/id_ed25519.pub")]
    [InlineData("source/environment.md")]
    [InlineData("source/credentials.md")]
    public void ReasonFromName_OrdinaryFileNames_AreNotSecrets(string path)
    {
        Assert.Null(SecretScanner.ReasonFromName(path));
    }
}
