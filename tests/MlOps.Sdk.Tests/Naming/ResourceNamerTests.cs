using CsCheck;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Tests.Naming;

public class ResourceNamerTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 27, 10, 55, 0, TimeSpan.Zero);
    private static readonly ReleaseContext Candidate = ReleaseContext.Candidate(7, "1a2b3c4d", Time, pipelineId: 1234);
    private static readonly ReleaseContext Stable = ReleaseContext.Stable("1a2b3c4d", Time);

    private static readonly Gen<string> ValidProjects =
        Gen.String[Gen.Char["abcxyz0129-"], 1, 63].Where(p => p[0] != '-' && p[^1] != '-');

    private static readonly Gen<ReleaseContext> Contexts = Gen.Select(
        Gen.Int[1, int.MaxValue],
        Gen.String[Gen.Char["0123456789abcdef"], 8, 8],
        Gen.Long[new DateTime(1980, 1, 1).Ticks, new DateTime(9999, 12, 31).Ticks],
        Gen.Bool,
        (iid, commit, ticks, candidate) => candidate
            ? ReleaseContext.Candidate(iid, commit, new DateTimeOffset(ticks, TimeSpan.Zero))
            : ReleaseContext.Stable(commit, new DateTimeOffset(ticks, TimeSpan.Zero)));

    [Fact]
    public void Constructor_OverLongProject_FailsNamingProject()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new ResourceNamer(new string('p', 64)));

        Assert.Equal("Project", error.FieldName);
    }

    [Theory]
    [InlineData("my_project")]
    [InlineData("My-Project")]
    [InlineData("my.project")]
    [InlineData("-project")]
    [InlineData("project-")]
    [InlineData("")]
    public void Constructor_ForbiddenCharacters_FailsNamingProject(string project)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => new ResourceNamer(project));

        Assert.Equal("Project", error.FieldName);
    }

    [Fact]
    public void TrainingJobName_Candidate_HasProjectMergeRequestCommitAndTime()
    {
        Assert.Equal("churn-mr7-1a2b3c4d-20261127105500", new ResourceNamer("churn").TrainingJobName(Candidate));
    }

    [Fact]
    public void TrainingJobName_Stable_HasProjectStableCommitAndTime()
    {
        Assert.Equal("churn-stable-1a2b3c4d-20261127105500", new ResourceNamer("churn").TrainingJobName(Stable));
    }

    [Fact]
    public void ArtifactPrefix_Candidate_StartsWithTheMergeRequestsCandidatePrefix()
    {
        Assert.Equal("candidates/PR-7/churn/", new ResourceNamer("churn").ArtifactPrefix(Candidate));
    }

    [Fact]
    public void ArtifactPrefix_Stable_StartsWithTheStablePrefix()
    {
        Assert.Equal("stable/churn/", new ResourceNamer("churn").ArtifactPrefix(Stable));
    }

    [Fact]
    public void EndpointName_Candidate_IsCandidateEndpointOfMergeRequest()
    {
        Assert.Equal("churn-candidate-mr7", new ResourceNamer("churn").EndpointName(Candidate));
    }

    [Fact]
    public void EndpointName_Stable_IsProductionEndpoint()
    {
        Assert.Equal("churn-prod", new ResourceNamer("churn").EndpointName(Stable));
    }

    [Fact]
    public void ModelPackageGroupName_AnyProject_IsTheProject()
    {
        Assert.Equal("churn", new ResourceNamer("churn").ModelPackageGroupName);
    }

    [Fact]
    public void EndpointConfigName_SameContentTwice_GivesSameName()
    {
        Assert.Equal(
            ResourceNamer.EndpointConfigName("churn-prod", """{"InstanceType":"ml.m5.large"}"""),
            ResourceNamer.EndpointConfigName("churn-prod", """{"InstanceType":"ml.m5.large"}"""));
    }

    [Fact]
    public void EndpointConfigName_DifferentContent_GivesDifferentNames()
    {
        Assert.NotEqual(
            ResourceNamer.EndpointConfigName("churn-prod", """{"InstanceType":"ml.m5.large"}"""),
            ResourceNamer.EndpointConfigName("churn-prod", """{"InstanceType":"ml.m5.xlarge"}"""));
    }

    [Fact]
    public void EndpointConfigName_InvalidEndpointName_FailsNamingEndpointName()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ResourceNamer.EndpointConfigName("churn_prod", "{}"));

        Assert.Equal("EndpointName", error.FieldName);
    }

    [Fact]
    public void DeploymentModelName_DifferentDefinitions_GiveDifferentNames()
    {
        Assert.NotEqual(ResourceNamer.DeploymentModelName("churn-prod", """{"Image":"a"}"""), ResourceNamer.DeploymentModelName("churn-prod", """{"Image":"b"}"""));
    }

    [Fact]
    public void DeploymentModelName_InvalidEndpointName_FailsNamingEndpointName()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ResourceNamer.DeploymentModelName("churn_prod", "{}"));

        Assert.Equal("EndpointName", error.FieldName);
    }

    [Fact]
    public void ModelName_DifferentDefinitions_GiveDifferentNames()
    {
        var namer = new ResourceNamer("churn");

        Assert.NotEqual(namer.ModelName(Candidate, """{"Image":"a"}"""), namer.ModelName(Candidate, """{"Image":"b"}"""));
    }

    [Fact]
    public void Constructor_AnyText_GivesNamerOrValidationError()
    {
        Gen.OneOf(Gen.String, Gen.String[Gen.Char["aZ9-_."], 0, 70]).Sample(project =>
        {
            try
            {
                var namer = new ResourceNamer(project);
                Assert.True(SageMakerNameRules.IsValid(namer.Project));
            }
            catch (MlOpsValidationException error)
            {
                Assert.Equal("Project", error.FieldName);
            }
        });
    }

    [Fact]
    public void AllNames_AnyValidProjectAndContext_AreValidSageMakerNames()
    {
        Gen.Select(ValidProjects, Contexts, Gen.String).Sample((project, context, json) =>
        {
            var namer = new ResourceNamer(project);
            var endpoint = namer.EndpointName(context);

            Assert.True(SageMakerNameRules.IsValid(namer.TrainingJobName(context)));
            Assert.True(SageMakerNameRules.IsValid(namer.ModelName(context, json)));
            Assert.True(SageMakerNameRules.IsValid(endpoint));
            Assert.True(SageMakerNameRules.IsValid(ResourceNamer.EndpointConfigName(endpoint, json)));
            Assert.True(SageMakerNameRules.IsValid(ResourceNamer.DeploymentModelName(endpoint, json)));
            Assert.True(SageMakerNameRules.IsValid(namer.ModelPackageGroupName));
        });
    }

    [Fact]
    public void TrainingJobName_DistinctContextsOfOneLongProject_NeverCollide()
    {
        // A 63-character project forces every name through shortening, the case most likely to collide.
        var namer = new ResourceNamer(new string('p', 63));

        Gen.Select(Contexts, Contexts).Sample((first, second) =>
        {
            var sameInput = first.Kind == second.Kind && first.MergeRequestIid == second.MergeRequestIid
                && first.CommitId == second.CommitId && first.Timestamp == second.Timestamp;

            Assert.Equal(sameInput, namer.TrainingJobName(first) == namer.TrainingJobName(second));
        });
    }

    [Fact]
    public void EndpointName_DistinctMergeRequestsOfOneLongProject_NeverCollide()
    {
        var namer = new ResourceNamer(new string('e', 60));

        Gen.Select(Gen.Int[1, int.MaxValue], Gen.Int[1, int.MaxValue]).Sample((first, second) =>
        {
            var firstName = namer.EndpointName(ReleaseContext.Candidate(first, "1a2b3c4d", Time));
            var secondName = namer.EndpointName(ReleaseContext.Candidate(second, "1a2b3c4d", Time));

            Assert.Equal(first == second, firstName == secondName);
            Assert.NotEqual(namer.EndpointName(Stable), firstName);
        });
    }

    [Fact]
    public void Tags_Candidate_HoldTheStandardSet()
    {
        var tags = new ResourceNamer("churn").Tags(Candidate).ToDictionary(t => t.Key, t => t.Value);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ManagedBy"] = "MlOps.Sdk",
                ["Project"] = "churn",
                ["ReleaseKind"] = "candidate",
                ["Commit"] = "1a2b3c4d",
                ["MergeRequest"] = "7",
                ["Pipeline"] = "1234",
            },
            tags);
    }

    [Fact]
    public void Tags_Stable_OmitMergeRequest()
    {
        var tags = new ResourceNamer("churn").Tags(Stable);

        Assert.DoesNotContain(tags, t => t.Key == StandardTagKeys.MergeRequest);
        Assert.Contains(tags, t => t.Key == StandardTagKeys.ReleaseKind && t.Value == "stable");
    }
}
