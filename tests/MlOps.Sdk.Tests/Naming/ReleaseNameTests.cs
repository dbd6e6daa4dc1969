using CsCheck;
using MlOps.Sdk.Naming;

namespace MlOps.Sdk.Tests.Naming;

public class ReleaseNameTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 27, 10, 55, 0, TimeSpan.Zero);

    [Fact]
    public void Candidate_ValidParts_FormatsExactName()
    {
        var name = ReleaseName.Candidate(7, "1a2b3c4d", Time);

        Assert.Equal("candidate-PR-7-1a2b3c4d-20261127T105500Z.zip", name.FileName);
    }

    [Fact]
    public void Stable_LocalTimeWithFraction_FormatsUtcWholeSeconds()
    {
        var local = new DateTimeOffset(2026, 11, 27, 12, 55, 0, 999, TimeSpan.FromHours(2));

        var name = ReleaseName.Stable(local);

        Assert.Equal("stable-20261127T105500Z.zip", name.FileName);
        Assert.Equal(Time, name.Timestamp);
    }

    [Fact]
    public void Parse_CandidateName_ReturnsParts()
    {
        var name = ReleaseName.Parse("candidate-PR-42-0badc0de-20261127T105500Z.zip");

        Assert.Equal(ReleaseKind.Candidate, name.Kind);
        Assert.Equal(42, name.PullRequestId);
        Assert.Equal("0badc0de", name.CommitId);
        Assert.Equal(Time, name.Timestamp);
    }

    [Fact]
    public void Parse_StableName_ReturnsParts()
    {
        var name = ReleaseName.Parse("stable-20261127T105500Z.zip");

        Assert.Equal(ReleaseKind.Stable, name.Kind);
        Assert.Null(name.PullRequestId);
        Assert.Null(name.CommitId);
        Assert.Equal(Time, name.Timestamp);
    }

    [Theory]
    [InlineData("candidate-PR-abc-1a2b3c4d-20261127T105500Z.zip")]
    [InlineData("candidate-PR-0-1a2b3c4d-20261127T105500Z.zip")]
    [InlineData("candidate-PR-07-1a2b3c4d-20261127T105500Z.zip")]
    [InlineData("candidate-PR-+7-1a2b3c4d-20261127T105500Z.zip")]
    [InlineData("candidate-PR-99999999999-1a2b3c4d-20261127T105500Z.zip")]
    public void Parse_NonNumericOrNonPositivePrId_FailsNamingPrId(string fileName)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseName.Parse(fileName));

        Assert.Equal("PR_ID", error.FieldName);
    }

    [Theory]
    [InlineData("candidate-PR-7-1a2b3c4g-20261127T105500Z.zip")]
    [InlineData("candidate-PR-7-1A2B3C4D-20261127T105500Z.zip")]
    [InlineData("candidate-PR-7-1a2b3c4-20261127T105500Z.zip")]
    [InlineData("candidate-PR-7-1a2b3c4d5-20261127T105500Z.zip")]
    public void Parse_NonHexOrWrongLengthCommit_FailsNamingCommitId(string fileName)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseName.Parse(fileName));

        Assert.Equal("COMMIT_ID", error.FieldName);
    }

    [Theory]
    [InlineData("candidate-PR-7-1a2b3c4d-20261327T105500Z.zip")]
    [InlineData("candidate-PR-7-1a2b3c4d-20261127T105500.zip")]
    [InlineData("candidate-PR-7-1a2b3c4d-20261127T256000Z.zip")]
    [InlineData("stable-20261127 105500Z.zip")]
    [InlineData("stable-yesterday.zip")]
    [InlineData("stable-19791231T235959Z.zip")]
    public void Parse_UnparseableTimestamp_FailsNamingTimestamp(string fileName)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseName.Parse(fileName));

        Assert.Equal("TIMESTAMP", error.FieldName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("stable-20261127T105500Z.tar")]
    [InlineData("release-20261127T105500Z.zip")]
    [InlineData("candidate-7-1a2b3c4d-20261127T105500Z.zip")]
    [InlineData("candidate-PR-7-1a2b3c4d.zip")]
    public void Parse_WrongShape_FailsNamingReleaseName(string fileName)
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseName.Parse(fileName));

        Assert.Equal("ReleaseName", error.FieldName);
    }

    [Fact]
    public void Candidate_ZeroPullRequestId_FailsNamingPrId()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseName.Candidate(0, "1a2b3c4d", Time));

        Assert.Equal("PR_ID", error.FieldName);
    }

    [Fact]
    public void Candidate_ShortCommit_FailsNamingCommitId()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => ReleaseName.Candidate(1, "1a2b", Time));

        Assert.Equal("COMMIT_ID", error.FieldName);
    }

    [Fact]
    public void Parse_AnyValidParts_RoundTrips()
    {
        var gen = Gen.Select(
            Gen.Int[1, int.MaxValue],
            Gen.String[Gen.Char["0123456789abcdef"], 8, 8],
            Gen.Long[new DateTime(1980, 1, 1).Ticks, new DateTime(9999, 12, 31).Ticks],
            Gen.Bool);

        gen.Sample((pr, commit, ticks, candidate) =>
        {
            var time = new DateTimeOffset(ticks, TimeSpan.Zero);
            var name = candidate ? ReleaseName.Candidate(pr, commit, time) : ReleaseName.Stable(time);

            var parsed = ReleaseName.Parse(name.FileName);

            Assert.Equal(name, parsed);
            Assert.Equal(name.FileName, parsed.FileName);
        });
    }

    [Fact]
    public void Parse_AnyText_ReturnsNameThatFormatsBackOrValidationError()
    {
        var pieces = Gen.OneOf<string>("candidate-PR-", "stable-", "-", "7", "0", "1a2b3c4d", "20261127T105500Z", ".zip", "x", "Z", "T");
        var gen = Gen.OneOf(Gen.String, pieces.Array[0, 8].Select(parts => string.Concat(parts)));

        gen.Sample(text =>
        {
            try
            {
                var name = ReleaseName.Parse(text);
                Assert.Equal(text, name.FileName);
            }
            catch (MlOpsValidationException error)
            {
                Assert.Contains(error.FieldName, new[] { "ReleaseName", "PR_ID", "COMMIT_ID", "TIMESTAMP" });
                Assert.False(ReleaseName.TryParse(text, out _));
            }
        });
    }
}
