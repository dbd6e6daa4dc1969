# The root module wires every module together; the AWS provider is mocked.

mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks/stack"
}

run "no_domain_is_a_plan_error" {
  command = plan

  expect_failures = [var.gitlab_domain]
}

run "defaults_plan_cleanly_without_oidc" {
  command = plan

  variables {
    gitlab_domain = "gitlab.example.com"
  }

  assert {
    condition     = aws_kms_key.project.enable_key_rotation && aws_kms_key.project.rotation_period_in_days == 365
    error_message = "The project key must rotate yearly."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_kms_key.project.policy).Statement :
    try(s.Principal.Service, "") == "logs.us-east-1.amazonaws.com" && can(s.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"])])
    error_message = "The key policy must let CloudWatch Logs of this account use the key, and nothing wider."
  }

  assert {
    condition     = aws_cloudtrail.audit[0].kms_key_id == aws_kms_key.project.arn && aws_cloudtrail.audit[0].is_multi_region_trail && aws_cloudtrail.audit[0].enable_log_file_validation
    error_message = "CloudTrail must be multi-region, validated, and encrypted with the project key."
  }

  assert {
    condition     = anytrue([for s in jsondecode(module.audit_bucket[0].policy).Statement : s.Effect == "Deny" && s.Condition == { Bool = { "aws:SecureTransport" = "false" } }])
    error_message = "The audit bucket policy must be TLS-only."
  }

  assert {
    condition     = length(module.ci_oidc) == 0 && output.ci_production_role_arn == null
    error_message = "Without gitlab_project_paths there is no OIDC provider nor CI role."
  }

  assert {
    condition     = output.gitlab_url == "https://gitlab.example.com"
    error_message = "GitLab is served over HTTPS only."
  }

  assert {
    condition     = aws_cloudtrail.audit[0].cloud_watch_logs_group_arn == "arn:aws:logs:us-east-1:123456789012:log-group:/mlops/mock:*" && aws_cloudwatch_log_group.audit[0].kms_key_id == aws_kms_key.project.arn
    error_message = "CloudTrail must also deliver to an encrypted CloudWatch Logs group."
  }

  assert {
    condition     = output.root_password_parameter == "/mlops/gitlab/root-password" && output.region == "us-east-1"
    error_message = "Outputs must name the root password parameter and the region."
  }

  assert {
    condition     = aws_route53_zone.private[0].name == "mlops.local" && output.gitlab_private_name == "gitlab.mlops.local"
    error_message = "A private zone mlops.local must hold gitlab.mlops.local."
  }

  assert {
    condition     = length(local.azs) == 2
    error_message = "The network spans two zones by default."
  }
}

run "domain_and_projects_enable_oidc" {
  command = plan

  variables {
    gitlab_domain        = "gitlab.example.com"
    gitlab_project_paths = ["ml-team/training", "ml-team/endpoint"]
  }

  assert {
    condition     = length(module.ci_oidc) == 1 && output.gitlab_url == "https://gitlab.example.com"
    error_message = "A domain and projects must create the OIDC provider and the CI roles, and serve HTTPS."
  }

  assert {
    condition = toset(keys(output.ci_variables)) == toset(["MLOPS_MODE", "AWS_REGION", "MLOPS_PRODUCTION_ROLE_ARN", "MLOPS_CANDIDATE_ROLE_ARN", "MLOPS_OIDC_AUDIENCE",
    "MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN", "MLOPS_SAGEMAKER_PRODUCTION_ROLE_ARN", "MLOPS_BUCKET", "MLOPS_ECR_REGISTRY", "MLOPS_TRAINING_REPOSITORY", "MLOPS_SERVING_REPOSITORY", "MLOPS_MODEL_PACKAGE_GROUP"])
    error_message = "CI variables are the mode, region, role ARNs (CI and SageMaker, per tier), audience, bucket, ECR registry and repositories, and model package group."
  }

  assert {
    condition     = output.ci_variables.MLOPS_OIDC_AUDIENCE == "sts.amazonaws.com" && output.ci_variables.MLOPS_TRAINING_REPOSITORY == "mlops/training" && output.ci_variables.MLOPS_SERVING_REPOSITORY == "mlops/inference"
    error_message = "By default the audience is sts.amazonaws.com (what the templates request) and the repositories are mlops/training and mlops/inference."
  }

  assert {
    condition     = alltrue([for k, v in output.ci_variables : !can(regex("(?i)secret|password|AKIA[0-9A-Z]{16}|glrt-|glpat-", v))])
    error_message = "No CI variable may be a secret."
  }
}
