using System.Formats.Tar;
using MlOps.Sdk.Aws;
using MlOps.Sdk.Endpoints;
using MlOps.Sdk.Naming;
using MlOps.Sdk.Packaging;
using MlOps.Sdk.SageMaker;
using MlOps.Sdk.Storage;
using MlOps.Sdk.Tests.Packaging;
using MlOps.Sdk.Training;

namespace MlOps.Sdk.Tests.BadInput;

/// <summary>Every bad input the catalogue submits; docs/bad-input.md is generated from this table.</summary>
public static class BadInputCatalogue
{
    private const string Role = "arn:aws:iam::123456789012:role/SageMakerRole";
    private const string Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:1";

    public static IReadOnlyList<BadInputCase> All { get; } = [.. Names(), .. S3Uris(), .. Hyperparameters(), .. InstanceTypes(), .. TrainingSpecs(), .. ReleaseNames(), .. Payloads(), .. Archives(), .. AllowLists(), .. Releases(), .. Secrets(), .. EnvironmentVariables()];

    public static IEnumerable<object[]> Cases => All.Select(c => new object[] { c });

    private static TrainingJobSpec Spec() => new()
    {
        TrainingJobName = "churn-train-1",
        Image = Image,
        RoleArn = Role,
        OutputPath = "s3://churn-bucket/output/",
    };

    private static Func<BadInputWorld, Task> Train(Func<TrainingJobSpec, TrainingJobSpec> change) =>
        world => world.Training.StartTrainingJobAsync(change(Spec()));

    private static Func<BadInputWorld, Task> Sync(Action action) => _ =>
    {
        action();
        return Task.CompletedTask;
    };

    private static IEnumerable<BadInputCase> Names()
    {
        foreach (var (input, name) in new[]
        {
            ("empty name", string.Empty),
            ("64 characters", new string('a', 64)),
            ("underscore", "churn_train"),
            ("leading hyphen", "-churn"),
            ("trailing hyphen", "churn-"),
            ("space", "churn train"),
            ("dot", "churn.train"),
            ("slash", "churn/train"),
            ("non-ASCII letter", "chürn"),
            ("double hyphen only", "--"),
        })
        {
            yield return new("names", $"training job name: {input}", "TrainingJobName", Train(s => s with { TrainingJobName = name }));
        }
    }

    private static IEnumerable<BadInputCase> S3Uris()
    {
        foreach (var (input, uri) in new[]
        {
            ("empty", string.Empty),
            ("no scheme", "churn-bucket/output/"),
            ("https scheme", "https://churn-bucket.s3.amazonaws.com/output/"),
            ("no bucket", "s3:///output/"),
            ("bucket too short", "s3://ab/output/"),
            ("bucket with capitals", "s3://Churn-Bucket/output/"),
            ("bucket with underscore", "s3://churn_bucket/output/"),
            ("bucket like an IP address", "s3://192.168.1.1/output/"),
            ("bucket ending in hyphen", "s3://churn-bucket-/output/"),
            ("bucket 64 characters", "s3://" + new string('b', 64) + "/output/"),
        })
        {
            yield return new("S3 URIs", $"output path: {input}", "OutputPath", Train(s => s with { OutputPath = uri }));
        }

        yield return new("S3 URIs", "channel URI: http scheme", "Channels[0]", Train(s => s with { Channels = [new TrainingChannel("train", "http://x/y")] }));
        yield return new("S3 URIs", "S3Uri.Parse: double dot in bucket", "ModelDataUrl", Sync(() => S3Uri.Parse("s3://churn..bucket/model.tar.gz", "ModelDataUrl")));
    }

    private static IEnumerable<BadInputCase> Hyperparameters()
    {
        yield return new("hyperparameters", "empty name", "HyperParameters", Train(s => s with { HyperParameters = new Dictionary<string, string> { [string.Empty] = "1" } }));
        yield return new("hyperparameters", "name of 257 characters", "HyperParameters", Train(s => s with { HyperParameters = new Dictionary<string, string> { [new string('k', 257)] = "1" } }));
        yield return new("hyperparameters", "value of 2501 characters", "HyperParameters", Train(s => s with { HyperParameters = new Dictionary<string, string> { ["epochs"] = new string('9', 2501) } }));
        yield return new("hyperparameters", "101 hyperparameters", "HyperParameters", Train(s => s with { HyperParameters = Enumerable.Range(0, 101).ToDictionary(i => $"p{i}", _ => "1") }));
    }

    private static IEnumerable<BadInputCase> InstanceTypes()
    {
        foreach (var (input, type) in new[]
        {
            ("empty", string.Empty),
            ("EC2 type without ml. prefix", "m5.large"),
            ("capitals", "ML.M5.LARGE"),
            ("trailing space", "ml.m5.large "),
        })
        {
            yield return new("instance types", $"training instance type: {input}", "InstanceType", Train(s => s with { InstanceType = type }));
        }
    }

    private static IEnumerable<BadInputCase> TrainingSpecs()
    {
        yield return new("training specs", "role that is not an IAM role ARN", "RoleArn", Train(s => s with { RoleArn = "SageMakerRole" }));
        yield return new("training specs", "empty image", "Image", Train(s => s with { Image = string.Empty }));
        yield return new("training specs", "instance count 0", "InstanceCount", Train(s => s with { InstanceCount = 0 }));
        yield return new("training specs", "volume size 0 GB", "VolumeSizeInGB", Train(s => s with { VolumeSizeInGB = 0 }));
        yield return new("training specs", "max runtime 0", "MaxRuntime", Train(s => s with { MaxRuntime = TimeSpan.Zero }));
        yield return new("training specs", "max runtime past 28 days", "MaxRuntime", Train(s => s with { MaxRuntime = TimeSpan.FromDays(29) }));
        yield return new("training specs", "channel name with a space", "Channels", Train(s => s with { Channels = [new TrainingChannel("my channel", "s3://churn-bucket/train/")] }));
        yield return new("training specs", "two channels of one name", "Channels", Train(s => s with { Channels = [new TrainingChannel("train", "s3://churn-bucket/a/"), new TrainingChannel("train", "s3://churn-bucket/b/")] }));
        yield return new("training specs", "metric regex that does not compile", "MetricDefinitions", Train(s => s with { MetricDefinitions = new Dictionary<string, string> { ["auc"] = "auc=([0-9" } }));
    }

    private static IEnumerable<BadInputCase> ReleaseNames()
    {
        var time = new DateTimeOffset(2026, 11, 27, 10, 55, 0, TimeSpan.Zero);
        yield return new("release names", "merge request id 0", "PR_ID", Sync(() => ReleaseName.Candidate(0, "1a2b3c4d", time)));
        yield return new("release names", "commit id with non-hex characters", "COMMIT_ID", Sync(() => ReleaseName.Candidate(7, "zzzzzzzz", time)));
        yield return new("release names", "commit id of 3 characters", "COMMIT_ID", Sync(() => ReleaseName.Candidate(7, "1a2", time)));
        yield return new("release names", "zip name without prefix", "ReleaseName", Sync(() => ReleaseName.Parse("release-20261127T105500Z.zip")));
        yield return new("release names", "zip name with a bad timestamp", "TIMESTAMP", Sync(() => ReleaseName.Parse("stable-20261327T105500Z.zip")));
    }

    private static IEnumerable<BadInputCase> Payloads()
    {
        static Func<BadInputWorld, Task> Plan(string json) => Sync(() => EndpointTestPlan.FromJson(json));
        static Func<BadInputWorld, Task> Invoke(byte[] body, string contentType = "application/json", string? accept = null) =>
            world => world.Endpoints.InvokeAsync("churn-endpoint", body, contentType, accept);

        yield return new("payloads", "test sample: empty body", "samples[0].body", Plan("""{"contentType":"text/csv","samples":[{"body":""}]}"""));
        yield return new("payloads", "test sample: body over 6 MB", "samples[0].body", Plan($$"""{"contentType":"text/csv","samples":[{"body":"{{new string('1', InvokeEndpointRequest.MaxBodyBytes + 1)}}"}]}"""));
        yield return new("payloads", "test sample: ragged CSV rows", "samples[0].body", Plan("""{"contentType":"text/csv","samples":[{"body":"1,2,3\n4,5"}]}"""));
        yield return new("payloads", "test sample: body missing", "samples[0].body", Plan("""{"samples":[{"name":"no body"}]}"""));
        yield return new("payloads", "test plan: malformed JSON", "EndpointTestPlan", Plan("""{"samples":[{"body":{"x":1}}"""));
        yield return new("payloads", "test sample: non-ASCII content type", "samples[0].contentType", Plan("""{"samples":[{"body":"1,2","contentType":"text/csv; charset=ü"}]}"""));
        yield return new("payloads", "test sample: accept over 1024 characters", "samples[0].accept", Plan($$"""{"samples":[{"body":{"x":1},"accept":"{{new string('a', 1025)}}"}]}"""));
        yield return new("payloads", "invocation: body over 6 MB", "Body", Invoke(new byte[InvokeEndpointRequest.MaxBodyBytes + 1]));
        yield return new("payloads", "invocation: non-ASCII content type", "ContentType", Invoke("{}"u8.ToArray(), "application/jsön"));
        yield return new("payloads", "invocation: endpoint name with underscore", "EndpointName", w => w.Endpoints.InvokeAsync("churn_endpoint", "{}"u8.ToArray()));
    }

    private static IEnumerable<BadInputCase> Archives()
    {
        yield return new("archives", "entry with ..", ModelArchive.UnsafeEntryField, Extract(TarGz.File("../evil.txt", "x")));
        yield return new("archives", "absolute entry path", ModelArchive.UnsafeEntryField, Extract(TarGz.File("/tmp/evil.txt", "x")));
        yield return new("archives", "symbolic link outside", ModelArchive.UnsafeEntryField, Extract(TarGz.SymbolicLink("l", "../../etc")));
        yield return new("archives", "hard link outside", ModelArchive.UnsafeEntryField, Extract(TarGz.HardLink("h", "../../etc/passwd")));
        yield return new("archives", "file beneath a link", ModelArchive.UnsafeEntryField, Extract(TarGz.SymbolicLink("d", "."), TarGz.File("d/x", "x")));
        yield return new("archives", "device entry", ModelArchive.UnsafeEntryField, Extract(new PaxTarEntry(TarEntryType.CharacterDevice, "null")));
        yield return new("archives", "bomb of zeros (ratio)", "ArchiveLimits.MaxCompressionRatio", Extract(new PaxTarEntry(TarEntryType.RegularFile, "z") { DataStream = new MemoryStream(new byte[20 * 1024 * 1024]) }));
        yield return new("archives", "more entries than allowed", "ArchiveLimits.MaxEntries", Extract(new ArchiveLimits { MaxEntries = 1 }, TarGz.File("a", "a"), TarGz.File("b", "b")));
        yield return new("archives", "more bytes than allowed", "ArchiveLimits.MaxTotalBytes", Extract(new ArchiveLimits { MaxTotalBytes = 1 }, TarGz.File("a", "ab")));
    }

    private static Func<BadInputWorld, Task> Extract(params TarEntry[] entries) => Extract(null, entries);

    private static Func<BadInputWorld, Task> Extract(ArchiveLimits? limits, params TarEntry[] entries) => world =>
    {
        // The archive is built outside the world's folder, which must stay empty.
        var archive = Path.Combine(Path.GetTempPath(), $"mlops-bad-{Guid.NewGuid():N}.tar.gz");
        TarGz.Write(archive, entries);
        return ExtractThenDelete(archive, Path.Combine(world.Folder, "model"), limits);
    };

    private static async Task ExtractThenDelete(string archive, string target, ArchiveLimits? limits)
    {
        try
        {
            await ModelArchive.ExtractAsync(archive, target, limits);
        }
        finally
        {
            File.Delete(archive);
        }
    }

    private static IEnumerable<BadInputCase> AllowLists()
    {
        yield return new("secret allow-list", "entry without a reason", SecretAllowList.FieldName, Sync(() => SecretAllowList.Parse("a.txt gitlab-pat\n")));
        yield return new("secret allow-list", "unknown rule id", SecretAllowList.FieldName, Sync(() => SecretAllowList.Parse("a.txt no-such-rule because\n")));
        yield return new("secret allow-list", "path outside the project", SecretAllowList.FieldName, Sync(() => SecretAllowList.Parse("../a.txt * because\n")));
    }

    private static ReleasePackageRequest Release(BadInputWorld world) => new()
    {
        Context = ReleaseContext.Candidate(7, "1a2b3c4d", new DateTimeOffset(2026, 11, 27, 10, 55, 0, TimeSpan.Zero)),
        OutputDirectory = Path.Combine(world.Folder, "out"),
    };

    private static IEnumerable<BadInputCase> Releases()
    {
        yield return new("release packages", "metric NaN", "Metrics[auc]", w => new ReleasePackager().CreateAsync(Release(w) with { Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } }));
        yield return new("release packages", "metric infinity", "Metrics[auc]", w => new ReleasePackager().CreateAsync(Release(w) with { Metrics = new Dictionary<string, double> { ["auc"] = double.PositiveInfinity } }));
        yield return new("release packages", "model package ARN that is not an ARN", "ModelPackageArn", w => new ReleasePackager().CreateAsync(Release(w) with { ModelPackageArn = "churn/3" }));
        yield return new("release packages", "missing source folder", "SourceDirectory", w => new ReleasePackager().CreateAsync(Release(w) with { SourceDirectory = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}"), SourceFiles = [] }));
        yield return new("release packages", "source file outside the folder", "SourceFiles", w => new ReleasePackager().CreateAsync(Release(w) with { SourceDirectory = Path.GetTempPath(), SourceFiles = ["../etc/passwd"] }));
        yield return new("release packages", "manifest.json supplied by the caller", "AdditionalFiles", w => new ReleasePackager().CreateAsync(Release(w) with { AdditionalFiles = [ReleaseFile.FromText("manifest.json", "{}")] }));
    }

    private static IEnumerable<BadInputCase> Secrets() =>
        PlantedSecrets.All.Select(p => new BadInputCase("secrets in release files", $"{p.RuleId} in `{p.Path}`", "ReleaseFiles", w => PackageWithSecretAsync(w, p)));

    private static async Task PackageWithSecretAsync(BadInputWorld world, PlantedSecret planted)
    {
        // The project lives outside the world's folder, which must stay empty.
        var project = Directory.CreateTempSubdirectory("mlops-bad-project-").FullName;
        try
        {
            var path = Path.Combine(project, planted.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, planted.Content);
            await new ReleasePackager().CreateAsync(Release(world) with { SourceDirectory = project, SourceFiles = [planted.Path] });
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    private static IEnumerable<BadInputCase> EnvironmentVariables()
    {
        static Func<string, string?> Variables(params (string Name, string Value)[] set) =>
            name => set.FirstOrDefault(v => v.Name == name).Value;
        static Func<BadInputWorld, Task> Context(params (string Name, string Value)[] set) =>
            Sync(() => ReleaseContext.FromGitLabCi(Variables(set)));
        static Func<BadInputWorld, Task> Endpoint(string variable, string value) =>
            Sync(() => new AwsEnvironment(new MlOpsOptions { Region = "us-east-1" }, new AwsOptions(), Variables((variable, value))).Endpoint(AwsService.SageMaker));

        const string Sha = "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";
        yield return new("environment variables", "MLOPS_MODE naming no mode", MlOpsOptions.ModeEnvironmentVariable, Sync(() => MlOpsModeResolver.Resolve(null, Variables((MlOpsOptions.ModeEnvironmentVariable, "docker")))));
        yield return new("environment variables", "CI_COMMIT_SHORT_SHA with non-hex characters", "CI_COMMIT_SHORT_SHA", Context(("CI_COMMIT_SHORT_SHA", "zzzzzzzz")));
        yield return new("environment variables", "neither CI_COMMIT_SHORT_SHA nor CI_COMMIT_SHA", "CI_COMMIT_SHA", Context());
        yield return new("environment variables", "CI_COMMIT_SHA of 7 characters", "CI_COMMIT_SHA", Context(("CI_COMMIT_SHA", "1a2b3c4")));
        yield return new("environment variables", "CI_PIPELINE_CREATED_AT that is not a timestamp", "CI_PIPELINE_CREATED_AT", Context(("CI_COMMIT_SHA", Sha), ("CI_PIPELINE_CREATED_AT", "yesterday")));
        yield return new("environment variables", "CI_PIPELINE_ID negative", "CI_PIPELINE_ID", Context(("CI_COMMIT_SHA", Sha), ("CI_PIPELINE_ID", "-3")));
        yield return new("environment variables", "CI_PIPELINE_ID with letters", "CI_PIPELINE_ID", Context(("CI_COMMIT_SHA", Sha), ("CI_PIPELINE_ID", "12a")));
        yield return new("environment variables", "merge-request pipeline without CI_MERGE_REQUEST_IID", "CI_MERGE_REQUEST_IID", Context(("CI_COMMIT_SHA", Sha), ("CI_PIPELINE_SOURCE", "merge_request_event")));
        yield return new("environment variables", "CI_MERGE_REQUEST_IID 0", "CI_MERGE_REQUEST_IID", Context(("CI_COMMIT_SHA", Sha), ("CI_PIPELINE_SOURCE", "merge_request_event"), ("CI_MERGE_REQUEST_IID", "0")));
        yield return new("environment variables", "AWS_ENDPOINT_URL_SAGEMAKER without a scheme", "AWS_ENDPOINT_URL_SAGEMAKER", Endpoint("AWS_ENDPOINT_URL_SAGEMAKER", "localhost:4566"));
        yield return new("environment variables", "AWS_ENDPOINT_URL with an ftp scheme", "AWS_ENDPOINT_URL", Endpoint("AWS_ENDPOINT_URL", "ftp://127.0.0.1:4566"));
    }
}
