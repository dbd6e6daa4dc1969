using System.Text;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.Tests.Fixtures;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class SecretScannerTests : IDisposable
{
    // Built at run time so that this repository's own release would not trip the scanner.
    private static readonly string AccessKeyId = "AKIA" + "IOSFODNN7EXAMPLE";
    private static readonly string GitLabToken = "glpat-" + "xK9mQ2vR7tY4wZ1aB3cD";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ReleaseFile Bytes(string entryPath, byte[] content) => ReleaseFile.FromFile(entryPath, _temp.WriteBytes(entryPath, content));

    [Theory]
    [MemberData(nameof(PlantedSecrets.Cases), MemberType = typeof(PlantedSecrets))]
    public async Task ScanAsync_PlantedSecretOfEachFamily_IsFoundByItsRuleWithoutTheSecret(PlantedSecret planted)
    {
        var findings = await SecretScanner.ScanAsync([Bytes("source/" + planted.Path, planted.Content)]);

        Assert.Contains(findings, f => f.RuleId == planted.RuleId && f.EntryPath == "source/" + planted.Path);
        Assert.All(findings, f => Assert.DoesNotContain(planted.Secret, f.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScanAsync_KeySplitAcrossReadChunks_IsFound()
    {
        var text = new string('x', (64 * 1024) - 7) + " " + AccessKeyId + "\n";

        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("source/big.txt", text)]);

        Assert.Equal([new SecretFinding("source/big.txt", "aws-access-key-id", "AWS access key id", 1)], findings);
    }

    [Fact]
    public async Task ScanAsync_TokenOnALaterLineAfterManyChunks_NamesThatLine()
    {
        var text = new StringBuilder();
        for (var i = 1; i < 5000; i++)
        {
            text.Append("line ").Append(i).Append(new string('.', 40)).Append('\n');
        }

        text.Append("token = ").Append(GitLabToken).Append('\n');

        var finding = Assert.Single(await SecretScanner.ScanAsync([ReleaseFile.FromText("source/long.txt", text.ToString())]));

        Assert.Equal(5000, finding.Line);
        Assert.Equal("gitlab-pat", finding.RuleId);
    }

    [Theory]
    [InlineData("utf-16le-bom")]
    [InlineData("utf-16le")]
    [InlineData("utf-16be-bom")]
    [InlineData("utf-16be")]
    public async Task ScanAsync_Utf16File_IsDecodedAndSearched(string encoding)
    {
        var text = $"first line\nsecond line\nkey = {GitLabToken}\n";
        var bytes = encoding switch
        {
            "utf-16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf-16le" => Encoding.Unicode.GetBytes(text),
            "utf-16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            _ => Encoding.BigEndianUnicode.GetBytes(text),
        };

        var finding = Assert.Single(await SecretScanner.ScanAsync([Bytes("source/notes.txt", bytes)]));

        Assert.Equal(("gitlab-pat", 3), (finding.RuleId, finding.Line));
    }

    [Fact]
    public async Task ScanAsync_TokenInsideBinaryFile_IsFoundInItsTextRun()
    {
        var bytes = new byte[20_000];
        new Random(7).NextBytes(bytes);
        var token = Encoding.ASCII.GetBytes(GitLabToken);
        bytes[9_999] = 0;
        token.CopyTo(bytes, 10_000);
        bytes[10_000 + token.Length] = 0;

        var findings = await SecretScanner.ScanAsync([Bytes("source/model/weights.bin", bytes)]);

        Assert.Contains(findings, f => f.RuleId == "gitlab-pat");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(33)]
    [InlineData(-1)]
    public async Task ScanAsync_TokenInsideBinaryFileAtAnyOffset_IsFound(int offset)
    {
        // Binary bytes are masked a vector at a time and the tail one by one: the token sits at the start, across a
        // vector's edge, or in the last bytes (a negative offset counts from the end).
        var bytes = new byte[1_000];
        new Random(offset + 100).NextBytes(bytes);
        bytes[0] = 0;
        var token = Encoding.ASCII.GetBytes(GitLabToken);
        var at = offset >= 0 ? offset : bytes.Length + offset - token.Length;
        bytes[at - 1] = 0;
        token.CopyTo(bytes, at);
        if (at + token.Length < bytes.Length)
        {
            bytes[at + token.Length] = 0;
        }

        var findings = await SecretScanner.ScanAsync([Bytes("source/model/weights.bin", bytes)]);

        Assert.Contains(findings, f => f.RuleId == "gitlab-pat");
    }

    [Fact]
    public async Task ScanAsync_AssignedKeyNamedWithTheKelvinSign_IsFound()
    {
        // The password rule's regex matches "key" case-insensitively, Kelvin sign (U+212A) included; its quick pre-check
        // of required words must not skip what the regex would find.
        var text = "api\u212Aey = \"Zq8mW3tLx9pVb2Rk\"\n";

        var findings = await SecretScanner.ScanAsync([Bytes("source/settings.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)])]);

        Assert.Equal("password-assignment", Assert.Single(findings).RuleId);
    }

    [Fact]
    public async Task ScanAsync_CompressedFile_IsNotSearched()
    {
        var findings = await SecretScanner.ScanAsync([Bytes("model/model.tar.gz", Encoding.ASCII.GetBytes(GitLabToken))]);

        Assert.Empty(findings);
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
    [InlineData("var password = options.Password;")]
    [InlineData("password: ${{ secrets.DB_PASSWORD }}")]
    [InlineData("DB_PASSWORD=$DB_PASSWORD")]
    [InlineData("password = \"changeme123\"")]
    [InlineData("secret: https://vault.example/v1/db")]
    [InlineData("password = aaaaaaaaaaaa")]
    [InlineData("client_secret = GetSecret(name)")]
    [InlineData("//registry.npmjs.org/:_authToken=${NPM_TOKEN}")]
    public async Task ScanAsync_ReferenceOrPlaceholderAssigned_IsNotASecret(string line)
    {
        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("source/.npmrc", line + "\n")]);

        Assert.Empty(findings);
    }

    [Theory]
    [InlineData(0.0, "aaaaaaaa")]
    [InlineData(1.0, "abababab")]
    [InlineData(3.0, "abcdefgh")]
    public void Entropy_Value_IsShannonBitsPerCharacter(double expected, string value)
    {
        Assert.Equal(expected, SecretRules.Entropy(value), 6);
    }

    [Theory]
    [InlineData("source/.env", ".env file")]
    [InlineData("source/.env.production", ".env file")]
    [InlineData("source/home/.ssh/id_ed25519", "private key file")]
    [InlineData("source/certs/tls.key", "private key file")]
    [InlineData("source/home/.aws/credentials", "AWS credentials file")]
    [InlineData("source/.netrc", ".netrc file")]
    [InlineData("source/_netrc", ".netrc file")]
    [InlineData("source/.git-credentials", ".git-credentials file")]
    [InlineData("source/.pypirc", ".pypirc file")]
    [InlineData("source/ops/prod.kubeconfig", "kubeconfig file")]
    [InlineData("source/tofu/terraform.tfstate.backup", "Terraform state file")]
    public void ReasonFromName_SecretFileNames_AreRecognised(string path, string reason)
    {
        Assert.Equal(reason, SecretScanner.ReasonFromName(path));
    }

    [Theory]
    [InlineData("source/.env.example")]
    [InlineData("source/.ssh/id_ed25519.pub")]
    [InlineData("source/environment.md")]
    [InlineData("source/credentials.md")]
    [InlineData("source/.npmrc")]
    [InlineData("source/app/config")]
    [InlineData("source/tofu/main.tf")]
    public void ReasonFromName_OrdinaryFileNames_AreNotSecrets(string path)
    {
        Assert.Null(SecretScanner.ReasonFromName(path));
    }

    [Fact]
    public async Task ScanAsync_AllowListEntryForFileAndRule_SilencesOnlyThat()
    {
        var allow = SecretAllowList.Parse("# fixtures\ntests/Data/*.txt gitlab-pat a documented fake token for the parser tests\n");
        var files = new[]
        {
            ReleaseFile.FromText("source/tests/Data/fake.txt", GitLabToken + "\n" + AccessKeyId + "\n"),
            ReleaseFile.FromText("source/src/real.txt", GitLabToken + "\n"),
        };

        var findings = await SecretScanner.ScanAsync(files, allow);

        Assert.Equal(
            [("source/tests/Data/fake.txt", "aws-access-key-id"), ("source/src/real.txt", "gitlab-pat")],
            findings.Select(f => (f.EntryPath, f.RuleId)));
    }

    [Fact]
    public async Task ScanAsync_AllowListDoubleStar_MatchesAcrossFolders()
    {
        var allow = SecretAllowList.Parse("tests/** * test data only");

        var findings = await SecretScanner.ScanAsync([ReleaseFile.FromText("source/tests/a/b/c.txt", GitLabToken)], allow);

        Assert.Empty(findings);
    }

    [Theory]
    [InlineData("tests/Data/fake.txt gitlab-pat")]
    [InlineData("tests/Data/fake.txt gitlab-pat #")]
    [InlineData("tests/Data/fake.txt")]
    public void Parse_EntryWithoutReason_IsRefusedNamingTheLine(string entry)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => SecretAllowList.Parse("# header\n" + entry + "\n"));

        Assert.Equal(SecretAllowList.FieldName, error.FieldName);
        Assert.Contains(".mlops-secrets-allow line 2", error.Message);
    }

    [Fact]
    public void Parse_UnknownRule_IsRefusedListingKnownRules()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => SecretAllowList.Parse("a.txt gitlab-tokens because\n"));

        Assert.Contains("'gitlab-tokens' is not a rule id", error.Message);
        Assert.Contains("gitlab-pat", error.Message);
    }

    [Fact]
    public void Parse_PathOutsideProject_IsRefused()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => SecretAllowList.Parse("../x.txt * because\n"));

        Assert.Equal(SecretAllowList.FieldName, error.FieldName);
    }

    [Fact]
    public async Task ScanAsync_TemplatesAndSamples_HoldNoSecretLookalikes()
    {
        var tracked = await GitTrackedFiles.ListAsync(RepositoryRoot.Path);
        var files = tracked
            .Where(p => p.StartsWith("templates/MlOps.Templates/content/", StringComparison.Ordinal) || p.StartsWith("samples/", StringComparison.Ordinal))
            .Select(p => ReleaseFile.FromFile("source/" + p, Path.Combine(RepositoryRoot.Path, p)))
            .ToList();

        var findings = await SecretScanner.ScanAsync(files);

        Assert.Empty(findings);
    }
}
