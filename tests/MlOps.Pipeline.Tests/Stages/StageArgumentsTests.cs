using MlOps.Sdk;
using MlOps.Sdk.Stages;

namespace MlOps.Pipeline.Tests.Stages;

public class StageArgumentsTests
{
    private static readonly IReadOnlyList<StageOption> Options =
    [
        StageOption.Create("role-arn", "role", null, "SAGEMAKER_ROLE_ARN"),
        StageOption.Create("max-runtime", "seconds", "3600"),
        StageOption.Flag("wait", "wait", defaultValue: true),
        StageOption.Flag("dry-run", "dry run"),
    ];

    private static StageArguments Parse(string[] args, Dictionary<string, string>? environment = null, Dictionary<string, string>? state = null) =>
        StageArguments.Parse(args, Options, name => environment?.GetValueOrDefault(name), state ?? []);

    [Fact]
    public void Get_CommandLineAndVariable_CommandLineWins()
    {
        var arguments = Parse(["--role-arn", "arn:cli"], new() { ["MLOPS_ROLE_ARN"] = "arn:env" });

        Assert.Equal("arn:cli", arguments.Get("role-arn"));
    }

    [Fact]
    public void Get_OnlyFallbackVariable_ReadsIt()
    {
        var arguments = Parse([], new() { ["SAGEMAKER_ROLE_ARN"] = "arn:ci" });

        Assert.Equal("arn:ci", arguments.Get("role-arn"));
    }

    [Fact]
    public void Get_OnlyStateFile_ReadsHandedOffValue()
    {
        var arguments = Parse([], state: new() { ["MLOPS_ROLE_ARN"] = "arn:state" });

        Assert.Equal("arn:state", arguments.Get("role-arn"));
        Assert.Equal("state file", arguments.SourceOf("role-arn"));
    }

    [Fact]
    public void Get_EqualsForm_ReadsValue()
    {
        Assert.Equal("60", Parse(["--max-runtime=60"]).Get("max-runtime"));
    }

    [Fact]
    public void GetBoolean_BareSwitch_IsTrue()
    {
        Assert.True(Parse(["--dry-run"]).GetBoolean("dry-run"));
    }

    [Fact]
    public void GetBoolean_SwitchWithFalse_IsFalse()
    {
        Assert.False(Parse(["--wait", "false"]).GetBoolean("wait"));
    }

    [Fact]
    public void Parse_UnknownOption_FailsNamingIt()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Parse(["--bucket", "b"]));

        Assert.Equal("--bucket", error.FieldName);
    }

    [Fact]
    public void Parse_MissingValue_FailsNamingOption()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Parse(["--role-arn"]));

        Assert.Equal("--role-arn", error.FieldName);
    }

    [Fact]
    public void Require_Unset_FailsListingVariables()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Parse([]).Require("role-arn"));

        Assert.Contains("$SAGEMAKER_ROLE_ARN", error.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInt32_OutOfRange_FailsWithRange()
    {
        var error = Assert.Throws<MlOpsValidationException>(() => Parse(["--max-runtime", "0"]).GetInt32("max-runtime", 1, 432000));

        Assert.Contains("from 1 to 432000", error.Rule, StringComparison.Ordinal);
    }
}
