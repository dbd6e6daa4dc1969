using System.Buffers;
using System.Text.RegularExpressions;

namespace MlOps.Sdk.Packaging;

/// <summary>
/// The scanner's rules. The token patterns follow gitleaks' rule set (config/gitleaks.toml, MIT licence, see
/// THIRD-PARTY-NOTICES.md), loosened where a token's length grew over time (GitLab's routable tokens), so that a newer
/// token of a known family is still found.
/// </summary>
internal static partial class SecretRules
{
    /// <summary>The longest match any content rule needs, in characters: the scanner carries this much between reads.</summary>
    public const int LongestMatch = 512;

    private const double MinimumAssignedValueEntropy = 3.0;

    private static readonly string[] PlaceholderWords = ["example", "changeme", "change_me", "placeholder", "redacted", "dummy", "xxxxxx", "******", "your_", "your-", "<", "${", "$(", "{{", "%"];

    /// <summary>Rules that judge a file by its name.</summary>
    public static readonly SecretRule EnvFile = new("env-file", ".env file");

    /// <summary>Private key files by name (<c>id_rsa</c>, <c>*.key</c>, <c>*.p12</c>...).</summary>
    public static readonly SecretRule PrivateKeyFile = new("private-key-file", "private key file");

    /// <summary>AWS shared credentials files.</summary>
    public static readonly SecretRule AwsCredentialsFile = new("aws-credentials-file", "AWS credentials file");

    /// <summary><c>.netrc</c> files, which hold machine passwords.</summary>
    public static readonly SecretRule NetrcFile = new("netrc-file", ".netrc file");

    /// <summary>git's credential store.</summary>
    public static readonly SecretRule GitCredentialsFile = new("git-credentials-file", ".git-credentials file");

    /// <summary>PyPI upload configuration, which holds an upload password or token.</summary>
    public static readonly SecretRule PypircFile = new("pypirc-file", ".pypirc file");

    /// <summary>Kubernetes client configuration, which holds cluster credentials.</summary>
    public static readonly SecretRule KubeconfigFile = new("kubeconfig-file", "kubeconfig file");

    /// <summary>Terraform/OpenTofu state, which holds every secret the configuration touched in clear text.</summary>
    public static readonly SecretRule TerraformStateFile = new("terraform-state-file", "Terraform state file");

    /// <summary>Every name rule, for allow-list validation.</summary>
    public static readonly IReadOnlyList<SecretRule> NameRules =
        [EnvFile, PrivateKeyFile, AwsCredentialsFile, NetrcFile, GitCredentialsFile, PypircFile, KubeconfigFile, TerraformStateFile];

    // The starts of SecretAssignment's keywords, long enough to be rare in random bytes. The regex's case-insensitive 'k'
    // also matches the Kelvin sign (U+212A), which ordinal comparison does not, hence the spelled-out variants; no other
    // letter here has a non-ASCII equivalent in the regex.
    private static readonly SearchValues<string> SecretAssignmentWords = SearchValues.Create(
        ["passw", "secret", "access", "auth_t", "auth-t", "autht", "api_k", "api-k", "apik", "api_\u212A", "api-\u212A", "api\u212A"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Every content rule, in the order they are tried.</summary>
    public static readonly IReadOnlyList<SecretRule> ContentRules =
    [
        new("aws-access-key-id", "AWS access key id") { Pattern = AwsAccessKeyId(), RequiredWords = Words(StringComparison.Ordinal, "AKIA", "ASIA") },
        new("private-key", "PEM private key block") { Pattern = PrivateKeyBlock() },
        new("aws-credentials-file", "AWS credentials file") { Pattern = AwsSecretAccessKeySetting(), OnlyInFileNames = ["credentials"] },
        new("gitlab-pat", "GitLab personal access token") { Pattern = GitLabPersonalAccessToken() },
        new("gitlab-runner-token", "GitLab runner token") { Pattern = GitLabRunnerToken(), RequiredWords = Words(StringComparison.Ordinal, "glrt-", "GR1348941") },
        new("gitlab-token", "GitLab token") { Pattern = GitLabOtherToken(), RequiredWords = Words(StringComparison.Ordinal, "glcbt-", "gldt-", "glffct-", "glft-", "glimt-", "glagent-", "gloas-", "glsoat-", "glptt-", "_gitlab_session=") },
        new("github-pat", "GitHub personal access token") { Pattern = GitHubClassicToken() },
        new("github-fine-grained-pat", "GitHub fine-grained personal access token") { Pattern = GitHubFineGrainedToken() },
        new("slack-token", "Slack token") { Pattern = SlackToken(), RequiredWords = Words(StringComparison.Ordinal, "xox", "xapp-") },
        new("slack-webhook-url", "Slack webhook URL") { Pattern = SlackWebhook() },
        new("huggingface-token", "Hugging Face token") { Pattern = HuggingFaceToken(), RequiredWords = Words(StringComparison.Ordinal, "hf_", "api_org_") },
        new("openai-api-key", "OpenAI API key") { Pattern = OpenAiKey() },
        new("npm-access-token", "npm access token") { Pattern = NpmToken() },
        new("npmrc-auth-token", ".npmrc auth token") { Pattern = NpmrcAuth(), OnlyInFileNames = [".npmrc"] },
        new("password-assignment", "password or secret assigned a literal value") { Pattern = SecretAssignment(), Accept = IsLikelySecretValue, RequiredWords = SecretAssignmentWords },
    ];

    private static SearchValues<string> Words(StringComparison comparison, params string[] words) => SearchValues.Create(words, comparison);

    /// <summary>Finds a rule by its id.</summary>
    /// <param name="id">The rule id.</param>
    /// <returns>The rule, or <see langword="null"/>.</returns>
    public static SecretRule? Find(string id) =>
        NameRules.Concat(ContentRules).FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));

    /// <summary>The Shannon entropy of a value, in bits per character.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The entropy; 0 for an empty value.</returns>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        var other = 0;
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other++;
            }
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            entropy -= Term(count, value.Length);
        }

        return entropy - Term(other, value.Length);
    }

    private static double Term(int count, int length)
    {
        if (count == 0)
        {
            return 0;
        }

        var p = (double)count / length;
        return p * Math.Log2(p);
    }

    // A literal worth refusing: not a reference to code or configuration (letters and dots only, a variable, a URL),
    // not a placeholder, and random enough to be a real secret.
    private static bool IsLikelySecretValue(Match match)
    {
        var value = match.Groups["value"].ValueSpan;
        if (value[0] is '$' or '%' || value.Contains("://", StringComparison.Ordinal) || !value.ContainsAnyExcept(IdentifierCharacters))
        {
            return false;
        }

        foreach (var word in PlaceholderWords)
        {
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return Entropy(value) >= MinimumAssignedValueEntropy;
    }

    private static readonly SearchValues<char> IdentifierCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.-");

    [GeneratedRegex(@"(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex AwsAccessKeyId();

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    [GeneratedRegex(@"(?im)^\s*aws_secret_access_key\s*=", RegexOptions.CultureInvariant)]
    private static partial Regex AwsSecretAccessKeySetting();

    // gitleaks gitlab-pat, gitlab-pat-routable.
    [GeneratedRegex(@"(?<![\w-])glpat-[\w-]{20,300}", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabPersonalAccessToken();

    // gitleaks gitlab-runner-authentication-token(-routable), gitlab-rrt (registration tokens).
    [GeneratedRegex(@"(?<![\w-])(glrt-[\w-]{20,300}|GR1348941[\w-]{20})", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabRunnerToken();

    // gitleaks gitlab-cicd-job-token, -deploy-token, -feature-flag-client-token, -feed-token, -incoming-mail-token,
    // -kubernetes-agent-token, -oauth-app-secret, -ptt, -scim-token, -session-cookie.
    [GeneratedRegex(@"(?<![\w-])((glcbt|gldt|glffct|glft|glimt|glagent|gloas|glsoat)-[\w-]{20,300}|glptt-[0-9a-f]{40}|_gitlab_session=[0-9a-z]{32})", RegexOptions.CultureInvariant)]
    private static partial Regex GitLabOtherToken();

    // gitleaks github-pat, github-oauth, github-app-token, github-refresh-token.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])gh[pousr]_[0-9a-zA-Z]{36}(?![0-9a-zA-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubClassicToken();

    // gitleaks github-fine-grained-pat.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])github_pat_\w{82}", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubFineGrainedToken();

    // gitleaks slack-bot-token, -user-token, -legacy-*, -config-*, -app-token.
    [GeneratedRegex(@"(?<![A-Za-z0-9])(xox[abeoprs]-(\d+-)*[0-9a-zA-Z]{8,}[0-9a-zA-Z-]*|xoxe\.xox[bp]-\d-[A-Za-z0-9]{160,170}|xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SlackToken();

    // gitleaks slack-webhook-url.
    [GeneratedRegex(@"hooks\.slack\.com/(services|workflows|triggers)/[A-Za-z0-9+/]{43,56}", RegexOptions.CultureInvariant)]
    private static partial Regex SlackWebhook();

    // gitleaks huggingface-access-token, huggingface-organization-api-token.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])(hf_|api_org_)[A-Za-z]{34}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex HuggingFaceToken();

    // gitleaks openai-api-key ("T3BlbkFJ" is "OpenAI" in base64), and project keys without it, which OpenAI issues now.
    [GeneratedRegex(@"(?<![\w-])(sk-(proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48}(?![A-Za-z0-9]))", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKey();

    // gitleaks npm-access-token.
    [GeneratedRegex(@"(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex NpmToken();

    // An auth setting with a literal value; "${NPM_TOKEN}" reads it from the environment, which is the safe way.
    [GeneratedRegex(@"(?m)(_authToken|_auth|_password)\s*=\s*(?!\$\{)\S+", RegexOptions.CultureInvariant)]
    private static partial Regex NpmrcAuth();

    // After gitleaks generic-api-key, limited to passwords and secrets; the value is then checked by IsLikelySecretValue.
    [GeneratedRegex(@"(?i)(?<![A-Za-z0-9])[A-Za-z0-9_.-]{0,30}(password|passwd|secret|api[_-]?key|auth[_-]?token|access[_-]?token)[A-Za-z0-9_.-]{0,20}[""']?[ \t]*(:=|=>|=|:)[ \t]*[""'`]?(?<value>[^\s""'`,;(){}\[\]<>]{8,150})", RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();
}
