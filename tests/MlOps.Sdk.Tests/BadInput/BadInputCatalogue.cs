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

    /// <summary>The bad inputs to the SDK, each submitted to a <see cref="BadInputWorld"/>.</summary>
    public static IReadOnlyList<BadInputCase> All { get; } = [.. Names(), .. S3Uris(), .. Hyperparameters(), .. InstanceTypes(), .. TrainingSpecs(), .. ReleaseNames(), .. Payloads(), .. Archives(), .. AllowLists(), .. Releases(), .. Secrets(), .. EnvironmentVariables()];

    /// <summary>The bad values of tofu/'s root variables, each planned by terraform in a <see cref="TofuPlanWorld"/>.</summary>
    public static IReadOnlyList<TofuVariableCase> TofuVariables { get; } = [.. TofuVariableRows()];

    /// <summary>Every row, in the order docs/bad-input.md lists them.</summary>
    public static IReadOnlyList<IBadInputRow> Rows { get; } = [.. All, .. TofuVariables];

    public static IEnumerable<object[]> Cases => All.Select(c => new object[] { c });

    public static IEnumerable<object[]> TofuCases => TofuVariables.Select(c => new object[] { c });

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

    private static string Hcl(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string HclList(params string[] items) => "[" + string.Join(", ", items.Select(Hcl)) + "]";

    /// <summary>
    /// One row per bad value of each validated variable of tofu/variables.tf, with the validation's error_message it
    /// must be refused with (a test checks every validation block there has a row). The plans set gitlab_domain, which
    /// has no default, to a good value (<see cref="TofuPlanWorld.BaseVariables"/>) unless the row is about it.
    /// </summary>
    private static IEnumerable<TofuVariableCase> TofuVariableRows()
    {
        var rules = new (string Variable, string Rule, (string Input, string Value)[] Values)[]
        {
            ("project_name", "project_name must be 3-20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen.",
            [
                ("capitals and punctuation", Hcl("MLOps!")),
                ("2 characters", Hcl("ml")),
                ("21 characters", Hcl(new string('m', 21))),
                ("starting with a digit", Hcl("1mlops")),
                ("ending with a hyphen", Hcl("mlops-")),
                ("underscore", Hcl("ml_ops")),
            ]),
            ("region", "region must be an AWS region name such as us-east-1.",
            [
                ("no number", Hcl("us-east")),
                ("capitals", Hcl("US-EAST-1")),
                ("an availability zone", Hcl("us-east-1a")),
            ]),
            ("vpc_cidr", "vpc_cidr must be a valid IPv4 CIDR between /16 and /24, such as 10.20.0.0/16.",
            [
                ("prefix /33", Hcl("10.20.0.0/33")),
                ("not a network", Hcl("not-a-network")),
                ("/28, too small for the subnets", Hcl("10.20.0.0/28")),
                ("/8, wider than /16", Hcl("10.0.0.0/8")),
                ("no prefix length", Hcl("10.20.0.0")),
                ("IPv6", Hcl("fd00:20::/56")),
            ]),
            ("availability_zone_count", "availability_zone_count must be a whole number from 2 to 4: the network is multi-AZ.",
            [
                ("one zone", "1"),
                ("five zones", "5"),
                ("a fraction", "2.5"),
            ]),
            ("gitlab_instance_type", "gitlab_instance_type must be an x86 type with 8 GiB of memory or more, such as t3.large, t3.xlarge, m6i.large or m7i.xlarge.",
            [
                ("1 GiB", Hcl("t3.micro")),
                ("size without family", Hcl("large")),
                ("c6i.large, 4 GiB", Hcl("c6i.large")),
                ("ARM (Graviton)", Hcl("m6g.xlarge")),
            ]),
            ("runner_instance_type", "runner_instance_type must be an x86 instance type such as t3.medium, t3.large or c6i.xlarge.",
            [
                ("space instead of dot", Hcl("t2 medium")),
                ("ARM (Graviton)", Hcl("t4g.medium")),
                ("t3.small", Hcl("t3.small")),
            ]),
            ("ami_id", "ami_id must look like ami-0123456789abcdef0, or be null.",
            [
                ("an image name", Hcl("ubuntu-22.04")),
                ("3 hex digits", Hcl("ami-123")),
                ("capitals", Hcl("AMI-0123456789ABCDEF0")),
            ]),
            ("gitlab_root_volume_size_gb", "gitlab_root_volume_size_gb must be between 20 and 1024.",
            [
                ("8 GiB", "8"),
                ("2048 GiB", "2048"),
            ]),
            ("gitlab_data_volume_size_gb", "gitlab_data_volume_size_gb must be between 20 and 16384 (the gp3 limit).",
            [
                ("5 GiB", "5"),
                ("past the gp3 limit", "16385"),
            ]),
            ("gitlab_domain", "gitlab_domain is required: set it to a DNS name you control, such as gitlab.example.com (GitLab is served over HTTPS only, and AWS STS trusts CI's OIDC tokens only from an HTTPS issuer with a trusted certificate).",
            [
                ("not set", "null"),
            ]),
            ("gitlab_domain", "gitlab_domain must be a lowercase DNS name such as gitlab.example.com (no scheme, no path, no trailing dot).",
            [
                ("with a scheme", Hcl("https://gitlab.example.com")),
                ("capitals and underscore", Hcl("GitLab_Example.com")),
                ("with a path", Hcl("gitlab.example.com/path")),
                ("trailing dot", Hcl("gitlab.example.com.")),
                ("no domain", Hcl("gitlab")),
            ]),
            ("route53_public_zone_id", "route53_public_zone_id must be a hosted zone ID such as Z0123456789ABCDEFGHIJ.",
            [
                ("a domain name", Hcl("example.com")),
                ("lowercase", Hcl("z0123456789abcdefghij")),
            ]),
            ("letsencrypt_email", "letsencrypt_email must be an e-mail address.",
            [
                ("no @", Hcl("ops-at-example.com")),
                ("no top-level domain", Hcl("ops@example")),
            ]),
            ("admin_ssh_cidr", "admin_ssh_cidr must be a valid IPv4 CIDR of your administrator network (not 0.0.0.0/0), or null.",
            [
                ("the whole internet", Hcl("0.0.0.0/0")),
                ("octet 300", Hcl("198.51.100.300/24")),
                ("an address without prefix length", Hcl("203.0.113.5")),
            ]),
            ("log_retention_days", "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653.",
            [
                ("10, not a CloudWatch value", "10"),
                ("0 (never expire)", "0"),
            ]),
            ("backup_retention_days", "backup_retention_days must be between 1 and 3650.",
            [
                ("0 days", "0"),
                ("past 10 years", "3651"),
            ]),
            ("gitlab_package", "gitlab_package must be gitlab-ce or gitlab-ee.",
            [
                ("no edition", Hcl("gitlab")),
                ("capital edition", Hcl("gitlab-CE")),
            ]),
            ("gitlab_version", "gitlab_version must be empty (newest) or an Omnibus package version such as 17.11.1-ce.0.",
            [
                ("latest", Hcl("latest")),
                ("no edition suffix", Hcl("17.11.1")),
            ]),
            ("gitlab_project_paths", "gitlab_project_paths must hold full project paths such as my-group/my-project, without wildcards.",
            [
                ("a wildcard", HclList("ml-team/*")),
                ("a project without its group", HclList("breast-cancer-training")),
            ]),
            ("ci_audience", "ci_audience must be one value without wildcards or spaces, or null.",
            [
                ("a wildcard", Hcl("*")),
                ("two values", Hcl("sts.amazonaws.com gitlab")),
            ]),
            ("ecr_repositories", "ecr_repositories must be lowercase names such as training or inference.",
            [
                ("capitals and a space", HclList("training", "inference", "Serving Images")),
            ]),
            ("ecr_repositories", "ecr_repositories must hold training and inference: the CI variables MLOPS_TRAINING_REPOSITORY and MLOPS_SERVING_REPOSITORY name them.",
            [
                ("no inference", HclList("training")),
            ]),
            ("model_package_groups", "model_package_groups must be names of letters, digits and hyphens (up to 41 characters, the project prefix is added).",
            [
                ("underscore", HclList("models_v1")),
                ("42 characters", HclList(new string('m', 42))),
                ("leading hyphen", HclList("-models")),
            ]),
        };

        return rules.SelectMany(r => r.Values.Select(v => new TofuVariableCase(r.Variable, v.Input, v.Value, r.Rule)));
    }
}
