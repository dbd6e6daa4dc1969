# Assertions on modules/ci_oidc, with the AWS provider mocked.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_data "aws_region" {
    defaults = { name = "us-east-1" }
  }
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
  mock_resource "aws_iam_openid_connect_provider" {
    defaults = { arn = "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com" }
  }
}

variables {
  name                      = "mlops"
  gitlab_url                = "https://gitlab.example.com"
  project_paths             = ["ml-team/training"]
  sagemaker_resource_prefix = "mlops"
  sagemaker_role_arns       = { candidate = "arn:aws:iam::123456789012:role/mlops-sagemaker-candidate", production = "arn:aws:iam::123456789012:role/mlops-sagemaker-production" }
  artifact_bucket_arn       = "arn:aws:s3:::mlops-sagemaker-123456789012"
  artifact_prefixes         = { candidate = "candidates/PR-", production = "stable/" }
  ecr_repository_arns       = ["arn:aws:ecr:us-east-1:123456789012:repository/mlops/training"]
  kms_key_arn               = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
}

run "trust_pins_audience_and_subject" {
  command = plan

  module {
    source = "./modules/ci_oidc"
  }

  assert {
    condition     = aws_iam_openid_connect_provider.gitlab.url == "https://gitlab.example.com" && aws_iam_openid_connect_provider.gitlab.client_id_list == toset(["sts.amazonaws.com"])
    error_message = "The OIDC provider must be the GitLab URL, with sts.amazonaws.com (what the templates request) as audience."
  }

  assert {
    condition = (jsondecode(aws_iam_role.production.assume_role_policy).Statement[0].Condition.StringEquals["gitlab.example.com:aud"] == "sts.amazonaws.com"
    && jsondecode(aws_iam_role.production.assume_role_policy).Statement[0].Condition.StringEquals["gitlab.example.com:sub"] == ["project_path:ml-team/training:ref_type:branch:ref:main"])
    error_message = "The production trust must pin aud, and sub to the main branch of the project."
  }

  assert {
    condition = (jsondecode(aws_iam_role.production.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity"
    && jsondecode(aws_iam_role.production.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com")
    error_message = "The production role must be assumable only with a web identity from the GitLab provider."
  }

  assert {
    condition = (jsondecode(aws_iam_role.candidate.assume_role_policy).Statement[0].Condition.StringEquals["gitlab.example.com:aud"] == "sts.amazonaws.com"
    && jsondecode(aws_iam_role.candidate.assume_role_policy).Statement[0].Condition.StringLike["gitlab.example.com:sub"] == ["project_path:ml-team/training:ref_type:branch:ref:*"])
    error_message = "The candidate trust must pin aud, and sub to the project's branches."
  }

  assert {
    condition = alltrue([for tier, p in { production = aws_iam_role_policy.production.policy, candidate = aws_iam_role_policy.candidate.policy } :
      alltrue([for s in jsondecode(p).Statement : s.Resource == var.sagemaker_role_arns[tier] && s.Condition.StringEquals["iam:PassedToService"] == "sagemaker.amazonaws.com"
    if contains(flatten([s.Action]), "iam:PassRole")])])
    error_message = "iam:PassRole must name only the tier's own SageMaker role and require iam:PassedToService = sagemaker.amazonaws.com."
  }

  assert {
    condition = alltrue([for p in [aws_iam_role_policy.production.policy, aws_iam_role_policy.candidate.policy] :
    length([for s in jsondecode(p).Statement : s if contains(flatten([s.Action]), "iam:PassRole")]) == 1])
    error_message = "Each CI role must have exactly one PassRole statement."
  }

  assert {
    condition = alltrue([for p in [aws_iam_role_policy.production.policy, aws_iam_role_policy.candidate.policy] :
    alltrue([for s in jsondecode(p).Statement : !anytrue([for a in flatten([s.Action]) : a == "*" || startswith(a, "iam:") && a != "iam:PassRole"])])])
    error_message = "CI roles must hold no IAM power other than the scoped PassRole."
  }

  assert {
    condition     = length(setintersection(flatten([for s in jsondecode(aws_iam_role_policy.candidate.policy).Statement : s.Action]), ["sagemaker:UpdateModelPackage", "sagemaker:UpdateEndpoint"])) == 0
    error_message = "The candidate role must not approve models nor update the production endpoint."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.candidate.policy).Statement :
    alltrue([for r in flatten([s.Resource]) : strcontains(r, "-candidate-")]) if s.Sid == "CandidateEndpointsOnly"])
    error_message = "The candidate role may only touch candidate endpoints."
  }

  assert {
    condition     = one([for s in jsondecode(aws_iam_role_policy.candidate.policy).Statement : s.Condition.StringEquals["sagemaker:ModelApprovalStatus"] if s.Sid == "RegisterPendingOnly"]) == "PendingManualApproval"
    error_message = "The candidate role may only register PendingManualApproval versions."
  }
}

run "plain_http_issuer_is_refused" {
  command = plan

  module {
    source = "./modules/ci_oidc"
  }

  variables {
    gitlab_url = "http://gitlab.example.com"
  }

  expect_failures = [var.gitlab_url]
}

run "wildcard_project_is_refused" {
  command = plan

  module {
    source = "./modules/ci_oidc"
  }

  variables {
    project_paths = ["ml-team/*"]
  }

  expect_failures = [var.project_paths]
}
