namespace MlOps.Sdk.Tests.Packaging;

/// <summary>
/// One planted file per secret family the scanner knows: its path in the project, its content, the secret text that
/// must never appear in an error or a log, and the rule that must find it. Tokens are built at run time so that this
/// repository holds none of them as written.
/// </summary>
public static class PlantedSecrets
{
    private const string Alnum36 = "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

    public static IReadOnlyList<PlantedSecret> All { get; } =
    [
        Text("gitlab-pat", "config/gitlab.json", "glpat-" + "xK9mQ2vR7tY4wZ1aB3cD", t => $$"""{"token": "{{t}}"}"""),
        Text("gitlab-runner-token", "ci/runner.toml", "glrt-" + "t1_Zx8Yw7Vu6Ts5Rq4Po3Nm2Lk1Jh", t => $"[[runners]]\n  token = \"{t}\"\n"),
        Text("gitlab-token", "deploy/pull.sh", "gldt-" + "Aa1Bb2Cc3Dd4Ee5Ff6Gg", t => $"git clone https://deploy:{t}@gitlab.example/x.git\n"),
        Text("github-pat", "scripts/gh.sh", "ghp_" + Alnum36, t => $"export GH_TOKEN={t}\n"),
        Text("github-pat", "scripts/oauth.txt", "gho_" + Alnum36, t => t + "\n"),
        Text("github-pat", "scripts/app.txt", "ghs_" + Alnum36, t => t + "\n"),
        Text("github-pat", "scripts/user.txt", "ghu_" + Alnum36, t => t + "\n"),
        Text("github-fine-grained-pat", "scripts/fine.txt", "github_pat_" + "11ABCDEFG0" + new string('x', 22) + "_" + Alnum36 + "abcdefghijklm", t => $"token: {t}\n"),
        Text("slack-token", "notify/slack.py", "xoxb-" + "1234567890-1234567890123-" + "AbCdEfGhIjKlMnOpQrStUvWx", t => $"SLACK = \"{t}\"\n"),
        Text("slack-webhook-url", "notify/hook.md", "https://hooks.slack.com/services/" + "T01ABCDEF/B02GHIJKL/" + "aBcDeFgHiJkLmNoPqRsTuVwX", t => $"Post to <{t}>.\n"),
        Text("huggingface-token", "train/hub.py", "hf_" + "AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh", t => $"login(token='{t}')\n"),
        Text("openai-api-key", "app/openai.cs", "sk-" + "proj-" + "Xy7Wv6Ut5Sr4Qp3On2Ml1Kj0Ih9Gf8Ed7Cb6Aa5Zz4Yy3Xx2", t => $"var key = \"{t}\";\n"),
        Text("openai-api-key", "app/legacy.env.txt", "sk-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn" + "T3Blbk" + "FJ" + "Op7Qr8St9Uv0Wx1Yz2Ab", t => $"OPENAI={t}\n"),
        Text("aws-access-key-id", "config/aws.json", "AKIA" + "IOSFODNN7EXAMPLE", t => $$"""{"key":"{{t}}"}"""),
        Text("private-key", "certs/server.pem", "-----BEGIN RSA " + "PRIVATE KEY-----", t => $"{t}\nMIIEpAIBAAKCAQEA\n"),
        Text("password-assignment", "config/app.ini", "q8Z!vR2#mLw9", t => $"[db]\nhost = db\npassword = {t}\n"),
        Text("password-assignment", "config/settings.yaml", "Zk3$9xPq!aW7", t => $"service:\n  client_secret: \"{t}\"\n"),
        Text("npmrc-auth-token", ".npmrc", "npm-literal-" + "a8Xk2Lq9Zp4W", t => $"//registry.npmjs.org/:_authToken={t}\n"),
        Text("pypirc-file", ".pypirc", "pypi-" + "AgEIcHlwaS5vcmc", t => $"[pypi]\nusername = __token__\npassword = {t}\n"),
        Text("netrc-file", ".netrc", "n3trcPass" + "word!", t => $"machine gitlab.example login ci password {t}\n"),
        Text("git-credentials-file", ".git-credentials", "gitPa55" + "word", t => $"https://ci:{t}@gitlab.example\n"),
        Text("kubeconfig-file", "ops/kubeconfig", "kubeToken" + "Value123", t => $"apiVersion: v1\nkind: Config\nusers:\n- name: ci\n  user:\n    token: {t}\n"),
        Text("kubeconfig-file", "ops/.kube/config", "kubeToken" + "Value456", t => $"apiVersion: v1\nkind: Config\nusers:\n- user:\n    token: {t}\n"),
        Text("terraform-state-file", "tofu/terraform.tfstate", "tfStateSecret" + "789", t => "{\"version\":4,\"resources\":[{\"attributes\":{\"password\":\"" + t + "\"}}]}"),
        Text("env-file", ".env", "envSecret" + "Value1", t => $"DB_PASSWORD={t}\n"),
        Text("private-key-file", "keys/id_rsa", "idRsaBody" + "Text", t => t + "\n"),
        Text("aws-credentials-file", ".aws/credentials", "awsCredsSecret" + "Key", t => $"[default]\naws_secret_access_key = {t}\n"),
    ];

    public static IEnumerable<object[]> Cases => All.Select(p => new object[] { p });

    private static PlantedSecret Text(string ruleId, string path, string secret, Func<string, string> content) =>
        new(ruleId, path, secret, System.Text.Encoding.UTF8.GetBytes(content(secret)));
}

/// <summary>A planted secret: see <see cref="PlantedSecrets"/>.</summary>
public sealed record PlantedSecret(string RuleId, string Path, string Secret, byte[] Content)
{
    public override string ToString() => $"{RuleId} in {Path}";
}
