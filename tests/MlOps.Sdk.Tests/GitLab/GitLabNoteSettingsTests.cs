using MlOps.Sdk.GitLab;

namespace MlOps.Sdk.Tests.GitLab;

/// <summary>Reading the note settings from GitLab CI's variables, and keeping the token out of sight.</summary>
public sealed class GitLabNoteSettingsTests
{
    private const string Token = "glpat-test-0123456789abcdef";

    private static readonly Dictionary<string, string> MergeRequestPipeline = new()
    {
        ["CI_API_V4_URL"] = "https://gitlab.example.com/api/v4",
        ["CI_PROJECT_ID"] = "42",
        ["CI_MERGE_REQUEST_IID"] = "7",
        [GitLabNoteSettings.TokenVariableName] = Token,
    };

    [Fact]
    public void FromVariables_MergeRequestPipelineWithToken_IsConfigured()
    {
        var environment = GitLabNoteSettings.FromVariables(Variables(MergeRequestPipeline));

        Assert.True(environment.IsConfigured);
        Assert.Equal(new Uri("https://gitlab.example.com/api/v4"), environment.Settings.ApiBaseUrl);
        Assert.Equal(Token, environment.Settings.AccessToken);
        Assert.Equal("42", environment.ProjectId);
        Assert.Equal(7, environment.MergeRequestIid);
    }

    [Fact]
    public void FromVariables_TokenMissing_NotConfiguredWithReasonNamingVariable()
    {
        var environment = GitLabNoteSettings.FromVariables(Variables(MergeRequestPipeline, without: GitLabNoteSettings.TokenVariableName));

        Assert.False(environment.IsConfigured);
        Assert.Null(environment.Settings);
        Assert.Contains(GitLabNoteSettings.TokenVariableName, environment.NotConfiguredReason, StringComparison.Ordinal);
        Assert.Contains("'api' scope", environment.NotConfiguredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_OnlyJobToken_NotConfigured()
    {
        var variables = new Dictionary<string, string>(MergeRequestPipeline) { ["CI_JOB_TOKEN"] = "job-token-value" };
        variables.Remove(GitLabNoteSettings.TokenVariableName);

        var environment = GitLabNoteSettings.FromVariables(Variables(variables));

        Assert.False(environment.IsConfigured);
        Assert.Contains("CI_JOB_TOKEN", environment.NotConfiguredReason, StringComparison.Ordinal);
        Assert.DoesNotContain("job-token-value", environment.NotConfiguredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_NotMergeRequestPipeline_NotConfiguredWithReason()
    {
        var environment = GitLabNoteSettings.FromVariables(Variables(MergeRequestPipeline, without: "CI_MERGE_REQUEST_IID"));

        Assert.False(environment.IsConfigured);
        Assert.Contains("CI_MERGE_REQUEST_IID", environment.NotConfiguredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_MalformedApiUrl_NotConfiguredWithReason()
    {
        var variables = new Dictionary<string, string>(MergeRequestPipeline) { ["CI_API_V4_URL"] = "gitlab.example.com/api/v4" };

        var environment = GitLabNoteSettings.FromVariables(Variables(variables));

        Assert.False(environment.IsConfigured);
        Assert.Contains("CI_API_V4_URL", environment.NotConfiguredReason, StringComparison.Ordinal);
    }

    [Fact]
    public void FromVariables_MergeRequestProjectIdSet_PrefersItOverProjectId()
    {
        var variables = new Dictionary<string, string>(MergeRequestPipeline) { ["CI_MERGE_REQUEST_PROJECT_ID"] = "40" };

        var environment = GitLabNoteSettings.FromVariables(Variables(variables));

        Assert.Equal("40", environment.ProjectId);
    }

    [Fact]
    public void ToString_Settings_DoesNotContainToken()
    {
        var settings = new GitLabNoteSettings(new Uri("https://gitlab.example.com/api/v4"), Token);

        Assert.DoesNotContain(Token, settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TokenWithLineBreak_ThrowsValidationWithoutToken()
    {
        const string broken = "glpat-secret\r\nX-Injected: 1";

        var error = Assert.Throws<MlOpsValidationException>(() => new GitLabNoteSettings(new Uri("https://gitlab.example.com/api/v4"), broken));

        Assert.Equal(GitLabNoteSettings.TokenVariableName, error.FieldName);
        Assert.DoesNotContain("glpat-secret", error.Message, StringComparison.Ordinal);
    }

    private static Func<string, string?> Variables(IReadOnlyDictionary<string, string> variables, string? without = null) =>
        name => name == without ? null : variables.GetValueOrDefault(name);
}
