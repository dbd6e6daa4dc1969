using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;

namespace MlOps.Sdk.Tests.Packaging;

public sealed class ReleasePackagerTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 27, 10, 55, 0, TimeSpan.Zero);

    // Built at run time so that this repository's own release would not trip the secret scanner.
    private static readonly string AccessKeyId = "AKIA" + "IOSFODNN7EXAMPLE";
    private static readonly string PemHeader = "-----BEGIN RSA " + "PRIVATE KEY-----";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private ReleasePackageRequest Request(string? output = null) => new()
    {
        Context = ReleaseContext.Candidate(7, "1a2b3c4d", Time, pipelineId: 991, pipelineUrl: "https://gitlab.example/churn/-/pipelines/991"),
        Project = "churn",
        OutputDirectory = output ?? _temp.Combine("out"),
        SourceDirectory = _temp.Combine("src"),
        SourceFiles = ["Program.cs", "data/readme.md"],
        ModelDirectory = _temp.Combine("model"),
        DeployDirectory = _temp.Combine("deploy"),
        AdditionalFiles = [ReleaseFile.FromText("model/model-package.json", """{"ModelApprovalStatus":"PendingManualApproval"}""")],
        ModelPackageArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3",
        Metrics = new Dictionary<string, double> { ["validation:auc"] = 0.93, ["accuracy"] = 0.88 },
        Notes = new ReleaseNotes { CommitTitle = "Tune learning rate", MergeRequestTitle = "Better churn model" },
    };

    private void WriteInputs()
    {
        _temp.Write("src/Program.cs", "Console.WriteLine(\"hi\");\n");
        _temp.Write("src/data/readme.md", "# data\n");
        _temp.Write("src/untracked.txt", "not listed\n");
        _temp.WriteBytes("model/model.tar.gz", RandomNumberGenerator.GetBytes(100_000));
        _temp.Write("deploy/endpoint-config.json", """{"InstanceType":"ml.m5.large"}""");
    }

    [Fact]
    public async Task CreateAsync_CandidateRequest_WritesZipNamedAfterRelease()
    {
        WriteInputs();

        var result = await new ReleasePackager().CreateAsync(Request());

        Assert.Equal(_temp.Combine("out", "candidate-PR-7-1a2b3c4d-20261127T105500Z.zip"), result.ZipPath);
        Assert.True(File.Exists(result.ZipPath));
    }

    [Fact]
    public async Task CreateAsync_AnyRequest_HoldsSourceModelDeployDocsThenManifest()
    {
        WriteInputs();

        var result = await new ReleasePackager().CreateAsync(Request());

        using var zip = ZipFile.OpenRead(result.ZipPath);
        Assert.Equal(
            [
                "deploy/endpoint-config.json", "docs/RELEASE_NOTES.md", "docs/USAGE.md", "model/model-package.json",
                "model/model.tar.gz", "source/Program.cs", "source/data/readme.md", "manifest.json",
            ],
            zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public async Task CreateAsync_SameInputsTwice_GivesIdenticalBytes()
    {
        WriteInputs();
        var first = await new ReleasePackager().CreateAsync(Request(_temp.Combine("first")));
        foreach (var file in Directory.EnumerateFiles(_temp.Combine("src"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-3));
        }

        var second = await new ReleasePackager().CreateAsync(Request(_temp.Combine("second")));

        Assert.Equal(await File.ReadAllBytesAsync(first.ZipPath), await File.ReadAllBytesAsync(second.ZipPath));
    }

    [Fact]
    public async Task CreateAsync_AnyRequest_EntriesHaveReleaseTimeAndFixedAttributes()
    {
        WriteInputs();

        var result = await new ReleasePackager().CreateAsync(Request());

        using var zip = ZipFile.OpenRead(result.ZipPath);
        Assert.All(zip.Entries, e => Assert.Equal(Time.DateTime, e.LastWriteTime.DateTime));
        Assert.All(zip.Entries, e => Assert.Equal(unchecked((int)0x81A40000), e.ExternalAttributes));
    }

    [Fact]
    public async Task CreateAsync_AlreadyCompressedFile_IsStoredAndTextIsDeflated()
    {
        WriteInputs();
        _temp.Write("model/weights.gz", new string('a', 50_000));
        _temp.Write("model/weights.txt", new string('a', 50_000));

        var result = await new ReleasePackager().CreateAsync(Request());

        using var zip = ZipFile.OpenRead(result.ZipPath);
        Assert.Equal(50_000, zip.GetEntry("model/weights.gz")!.CompressedLength);
        Assert.True(zip.GetEntry("model/weights.txt")!.CompressedLength < 1_000);
    }

    [Theory]
    [InlineData("model/large.tar.gz")]
    [InlineData("model/large.bin")]
    public async Task CreateAsync_FileSpanningSeveralChunks_EntryAndManifestMatchTheFile(string entryPath)
    {
        WriteInputs();

        // Three and a half copy chunks: the hash and the zip side take turns over both buffers, and the last chunk is short.
        var bytes = RandomNumberGenerator.GetBytes((ReleasePackager.BufferSize * 7 / 2) + 13);
        _temp.WriteBytes("large", bytes);
        var request = Request() with { AdditionalFiles = [ReleaseFile.FromFile(entryPath, _temp.Combine("large"))] };

        var result = await new ReleasePackager().CreateAsync(request);

        var listed = Assert.Single(result.Manifest.Files, f => f.Path == entryPath);
        Assert.Equal(bytes.Length, listed.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), listed.Sha256);
        using var zip = ZipFile.OpenRead(result.ZipPath);
        using var content = new MemoryStream();
        zip.GetEntry(entryPath)!.Open().CopyTo(content);
        Assert.Equal(bytes, content.ToArray());
        Assert.True((await new ReleaseVerifier().VerifyAsync(result.ZipPath)).IsValid);
    }

    [Fact]
    public async Task CreateAsync_AnyRequest_ManifestRecordsReleaseAndEveryFilesSizeAndSha256()
    {
        WriteInputs();

        var result = await new ReleasePackager().CreateAsync(Request());

        using var zip = ZipFile.OpenRead(result.ZipPath);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        Assert.Equal("candidate", root.GetProperty("releaseKind").GetString());
        Assert.Equal(7, root.GetProperty("pullRequestId").GetInt32());
        Assert.Equal("1a2b3c4d", root.GetProperty("commit").GetString());
        Assert.Equal("2026-11-27T10:55:00Z", root.GetProperty("timestamp").GetString());
        Assert.Equal(991, root.GetProperty("pipelineId").GetInt64());
        Assert.Equal("https://gitlab.example/churn/-/pipelines/991", root.GetProperty("pipelineUrl").GetString());
        Assert.Equal("arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/3", root.GetProperty("modelPackageArn").GetString());
        Assert.Equal(0.93, root.GetProperty("metrics").GetProperty("validation:auc").GetDouble());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("sdkVersion").GetString()));
        var files = root.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(zip.Entries.Count - 1, files.Length);
        foreach (var file in files)
        {
            using var content = new MemoryStream();
            zip.GetEntry(file.GetProperty("path").GetString()!)!.Open().CopyTo(content);
            Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content.ToArray())), file.GetProperty("sha256").GetString());
        }
    }

    [Fact]
    public async Task CreateAsync_NotesGiven_ReleaseNotesHoldCommitAndMergeRequest()
    {
        WriteInputs();

        var result = await new ReleasePackager().CreateAsync(Request());

        using var zip = ZipFile.OpenRead(result.ZipPath);
        using var reader = new StreamReader(zip.GetEntry("docs/RELEASE_NOTES.md")!.Open());
        var notes = await reader.ReadToEndAsync();
        Assert.Contains("Better churn model", notes);
        Assert.Contains("Tune learning rate", notes);
        Assert.Contains("| validation:auc | 0.93 |", notes);
    }

    [Fact]
    public async Task CreateAsync_PlantedSecrets_RefusesListingEveryPathAndWritesNothing()
    {
        WriteInputs();
        _temp.Write("src/.env", "DB_PASSWORD=hunter2\n");
        _temp.Write("src/keys/id_rsa", "not even a key\n");
        _temp.Write("src/certs/server.pem", $"{PemHeader}\nMIIE\n");
        _temp.Write("src/config/settings.json", $$"""{"key":"{{AccessKeyId}}"}""");
        _temp.Write("src/.aws/credentials", "[default]\n");
        _temp.Write("src/ci/credentials", "[x]\naws_secret_access_key = abc\n");
        _temp.Write("src/tls/site.key", "key\n");
        var request = Request() with
        {
            SourceFiles = ["Program.cs", ".env", "keys/id_rsa", "certs/server.pem", "config/settings.json", ".aws/credentials", "ci/credentials", "tls/site.key"],
        };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(request));

        Assert.Equal("ReleaseFiles", error.FieldName);
        foreach (var path in new[] { "source/.env", "source/keys/id_rsa", "source/certs/server.pem", "source/config/settings.json", "source/.aws/credentials", "source/ci/credentials", "source/tls/site.key" })
        {
            Assert.Contains(path, error.Message);
        }

        Assert.DoesNotContain("source/Program.cs", error.Message);
        Assert.False(Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any());
    }

    [Fact]
    public async Task CreateAsync_OneFilePerSecretFamily_RefusesEveryFileNamingNoSecretInErrorOrLogAndWritesNothing()
    {
        WriteInputs();
        foreach (var planted in PlantedSecrets.All)
        {
            _temp.WriteBytes("src/" + planted.Path, planted.Content);
        }

        var logger = new MlOps.Sdk.Tests.Fakes.RecordingLogger<ReleasePackager>();
        var request = Request() with { SourceFiles = ["Program.cs", .. PlantedSecrets.All.Select(p => p.Path)] };

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager(logger).CreateAsync(request));

        Assert.Equal("ReleaseFiles", error.FieldName);
        var text = error.ToString() + string.Join("\n", logger.Lines);
        Assert.All(PlantedSecrets.All, p =>
        {
            Assert.Contains($"source/{p.Path}", error.Message, StringComparison.Ordinal);
            Assert.Contains(p.RuleId, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(p.Secret, text, StringComparison.Ordinal);
        });
        Assert.False(Directory.Exists(request.OutputDirectory) && Directory.EnumerateFileSystemEntries(request.OutputDirectory).Any());
    }

    [Fact]
    public async Task CreateAsync_AllowListInSourceFolder_AcceptsTheListedFalsePositive()
    {
        WriteInputs();
        _temp.Write("src/tests/fake.txt", "glpat-" + "xK9mQ2vR7tY4wZ1aB3cD\n");
        _temp.Write("src/" + SecretAllowList.FileName, "tests/fake.txt gitlab-pat a fake token the parser tests read\n");
        var request = Request() with { SourceFiles = ["Program.cs", "tests/fake.txt", SecretAllowList.FileName] };

        var result = await new ReleasePackager().CreateAsync(request);

        Assert.Contains(result.Manifest.Files, f => f.Path == "source/tests/fake.txt");
    }

    [Fact]
    public async Task CreateAsync_AllowListEntryWithoutReason_IsRefusedBeforeWriting()
    {
        WriteInputs();
        _temp.Write("src/" + SecretAllowList.FileName, "tests/fake.txt gitlab-pat\n");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(Request()));

        Assert.Equal(SecretAllowList.FieldName, error.FieldName);
        Assert.False(Directory.Exists(_temp.Combine("out")));
    }

    [Fact]
    public async Task CreateAsync_SecretInModelFolder_IsRefused()
    {
        WriteInputs();
        _temp.Write("model/notes.txt", $"token {AccessKeyId.Replace("AKIA", "ASIA", StringComparison.Ordinal)} here");

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(Request()));

        Assert.Contains("model/notes.txt:1 aws-access-key-id (AWS access key id)", error.Message);
    }

    [Fact]
    public async Task CreateAsync_SecretLookalikes_AreAccepted()
    {
        WriteInputs();
        _temp.Write("src/.env.example", "DB_PASSWORD=\n");
        _temp.Write("src/keys/id_rsa.pub", "ssh-ed25519 AAAA\n");
        _temp.Write("src/docs/aws.md", "Keys look like AKIA followed by 16 characters. Never commit -----BEGIN PUBLIC KEY----- files.\n");
        var request = Request() with { SourceFiles = ["Program.cs", ".env.example", "keys/id_rsa.pub", "docs/aws.md"] };

        var result = await new ReleasePackager().CreateAsync(request);

        Assert.Equal(3 + 1, result.Manifest.Files.Count(f => f.Path.StartsWith("source/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CreateAsync_FailureWhileWriting_LeavesNoZipNorTemporaryFile()
    {
        WriteInputs();
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress<PackagingProgress>(p =>
        {
            if (p.Stage == PackagingStage.Writing && p.FilesDone == 3)
            {
                cancellation.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new ReleasePackager().CreateAsync(Request(), progress, cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Combine("out")));
    }

    [Fact]
    public async Task CreateAsync_LargeDeflatedFileBesideStoredOne_ZipHoldsNoDiskBlocksPastItsEnd()
    {
        // The packager reserves disk space for the bytes it stores as they are; space reserved for what deflate then
        // shrinks would stay allocated past the zip's end.
        _temp.WriteBytes("model/weights.bin", new byte[8 * 1024 * 1024]);
        _temp.WriteBytes("model/model.tar.gz", RandomNumberGenerator.GetBytes(1024 * 1024));
        var request = new ReleasePackageRequest
        {
            Context = ReleaseContext.Stable("1a2b3c4d", Time),
            OutputDirectory = _temp.Combine("out"),
            ModelDirectory = _temp.Combine("model"),
        };

        var result = await new ReleasePackager().CreateAsync(request);

        var allocated = AllocatedBytes(result.ZipPath);
        Assert.True(allocated < result.ZipSize + (1024 * 1024), $"the {result.ZipSize}-byte zip holds {allocated} bytes of disk");
    }

    [Fact]
    public async Task CreateAsync_SourcePathWithDotDot_FailsNamingSourceFiles()
    {
        WriteInputs();

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(Request() with { SourceFiles = ["../secret.txt"] }));

        Assert.Equal("SourceFiles", error.FieldName);
    }

    [Fact]
    public async Task CreateAsync_SymbolicLinkPointingOutsideSource_IsRefused()
    {
        WriteInputs();
        var outside = _temp.Write("elsewhere/passwords.txt", "secret\n");
        File.CreateSymbolicLink(_temp.Combine("src", "link.txt"), outside);

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(Request() with { SourceFiles = ["link.txt"] }));

        Assert.Contains("symbolic link", error.Rule);
    }

    [Fact]
    public async Task CreateAsync_NaNMetric_FailsNamingTheMetric()
    {
        WriteInputs();

        var error = await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(Request() with { Metrics = new Dictionary<string, double> { ["loss"] = double.NaN } }));

        Assert.Equal("Metrics[loss]", error.FieldName);
    }

    [Fact]
    public async Task CreateAsync_AdditionalFileNamedManifest_Fails()
    {
        WriteInputs();
        var request = Request() with { AdditionalFiles = [ReleaseFile.FromText("manifest.json", "{}")] };

        await Assert.ThrowsAsync<MlOpsValidationException>(() => new ReleasePackager().CreateAsync(request));
    }

    [Fact]
    public async Task CreateAsync_NoSourceFilesGiven_PackagesWhatGitTracks()
    {
        WriteInputs();
        var src = _temp.Combine("src");
        Git(src, "init", "-q");
        Git(src, "add", "Program.cs", "data/readme.md");
        Git(src, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "init");

        var result = await new ReleasePackager().CreateAsync(Request() with { SourceFiles = null });

        Assert.Equal(
            ["source/Program.cs", "source/data/readme.md"],
            result.Manifest.Files.Select(f => f.Path).Where(p => p.StartsWith("source/", StringComparison.Ordinal)));
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("git is not installed: apt-get install git");
            throw;
        }

        using (process)
        {
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)} failed: {process.StandardError.ReadToEnd()}");
        }
    }

    private static long AllocatedBytes(string path)
    {
        var start = new ProcessStartInfo("stat", ["-c", "%b %B", path]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var fields = process.StandardOutput.ReadToEnd().Split(' ', StringSplitOptions.TrimEntries);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture) * long.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
