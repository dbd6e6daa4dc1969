# Renders both user_data templates with sample values, so tofu/test.sh can shellcheck the scripts the instances run
# and check them against the 16 KB user_data limit. No provider: `apply` only evaluates the outputs.

output "gitlab_server_user_data" {
  value = templatefile("${path.module}/../../modules/gitlab_server/templates/user_data.sh.tftpl", {
    region                  = "us-east-1"
    external_url            = "https://gitlab.example.com"
    letsencrypt_email       = "ops@example.com"
    data_volume_id          = "vol-0123456789abcdef0"
    kms_key_arn             = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
    backup_bucket           = "mlops-gitlab-backups-123456789012"
    secrets_backup_bucket   = "mlops-gitlab-secrets-123456789012"
    secrets_backup_key_arn  = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000"
    root_password_parameter = "/mlops/gitlab/root-password"
    runner_token_parameter  = "/mlops/gitlab/runner-token"
    placeholder             = "generated-on-first-boot"
    gitlab_package          = "gitlab-ce"
    gitlab_version          = "17.11.1-ce.0"
    runner_description      = "mlops-docker"
    log_groups              = { system = "/mlops/gitlab/system", bootstrap = "/mlops/gitlab/bootstrap", gitlab = "/mlops/gitlab/gitlab", nginx = "/mlops/gitlab/nginx" }
    metrics_namespace       = "mlops/GitLab"
  })
}

output "gitlab_runner_user_data" {
  value = templatefile("${path.module}/../../modules/gitlab_runner/templates/user_data.sh.tftpl", {
    region                 = "us-east-1"
    gitlab_url             = "https://gitlab.example.com"
    runner_token_parameter = "/mlops/gitlab/runner-token"
    placeholder            = "generated-on-first-boot"
    concurrent_jobs        = 2
    default_image          = "alpine:3.20"
    cache_bucket           = "mlops-runner-cache-123456789012"
    log_group              = "/mlops/gitlab-runner"
  })
}
