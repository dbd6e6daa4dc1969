# Security assertions on modules/gitlab_runner, with the AWS provider mocked.

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
  mock_data "aws_ami" {
    defaults = { id = "ami-0123456789abcdef0" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { id = "mlops-runner-cache-123456789012", arn = "arn:aws:s3:::mlops-runner-cache-123456789012" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/mlops/gitlab-runner" }
  }
  mock_resource "aws_iam_instance_profile" {
    defaults = { arn = "arn:aws:iam::123456789012:instance-profile/mlops-gitlab-runner" }
  }
}

variables {
  name                       = "mlops"
  vpc_id                     = "vpc-0123456789abcdef0"
  subnet_ids                 = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  kms_key_arn                = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  gitlab_url                 = "https://gitlab.example.com"
  runner_token_parameter     = "/mlops/gitlab/runner-token"
  runner_token_parameter_arn = "arn:aws:ssm:us-east-1:123456789012:parameter/mlops/gitlab/runner-token"
  secret_placeholder         = "generated-on-first-boot"
}

run "runner_is_locked_down" {
  command = plan

  module {
    source = "./modules/gitlab_runner"
  }

  assert {
    condition     = aws_launch_template.runner.metadata_options[0].http_tokens == "required" && aws_launch_template.runner.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The runner launch template must require IMDSv2 with a hop limit of 1 (job containers cannot reach the instance role)."
  }

  assert {
    condition     = alltrue([for b in aws_launch_template.runner.block_device_mappings : b.ebs[0].encrypted == "true" && b.ebs[0].kms_key_id == var.kms_key_arn])
    error_message = "Every runner volume must be encrypted with the project key."
  }

  assert {
    condition     = aws_launch_template.runner.key_name == null
    error_message = "The runner must have no SSH key pair."
  }

  assert {
    condition     = length(aws_security_group.runner.ingress) == 0
    error_message = "The runner must accept no inbound connection at all."
  }

  assert {
    condition = alltrue([for r in aws_security_group.runner.egress :
    contains([80, 443], r.from_port) && r.from_port == r.to_port && r.protocol == "tcp" && length(r.description) > 0])
    error_message = "Runner egress is allowed only on the documented ports 80 and 443."
  }

  assert {
    condition     = aws_autoscaling_group.runner.min_size == 1 && aws_autoscaling_group.runner.max_size == 1
    error_message = "The runner host lives in an autoscaling group of one."
  }

  assert {
    condition     = aws_cloudwatch_log_group.runner.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.runner.retention_in_days > 0
    error_message = "The runner log group must be encrypted with the project key and have a retention."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.runner.user_data), "TOKEN_PARAMETER='/mlops/gitlab/runner-token'") && strcontains(base64decode(aws_launch_template.runner.user_data), "--executor docker")
    error_message = "The runner must read its token from SSM and use the docker executor."
  }

  assert {
    condition     = !can(regex("glrt-|glpat-|AKIA[0-9A-Z]{16}|--token |--registration-token", base64decode(aws_launch_template.runner.user_data)))
    error_message = "user_data must not carry a token, nor pass one on a command line."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.runner.policy).Statement[0].Resource == [var.runner_token_parameter_arn] && jsondecode(aws_iam_role_policy.runner.policy).Statement[0].Action == ["ssm:GetParameter"]
    error_message = "The runner may read its own token parameter only."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.runner.policy).Statement :
    (!contains(flatten([s.Resource]), "*") || s.Sid == "SessionManager") && !anytrue([for a in flatten([s.Action]) : endswith(a, "*") || startswith(a, "ssm:GetParameter") && s.Sid != "ReadRunnerToken"])])
    error_message = "The runner role must be least privilege: no wildcard action, no wildcard resource but the Session Manager channel, and no parameter read but its token."
  }

  assert {
    condition = one([for s in jsondecode(aws_iam_role_policy.runner.policy).Statement : s.Condition.StringEquals["kms:EncryptionContext:PARAMETER_ARN"]
    if s.Sid == "DecryptOwnTokenOnly"]) == var.runner_token_parameter_arn
    error_message = "The runner may decrypt with the project key only for its own token parameter (kms:EncryptionContext:PARAMETER_ARN)."
  }
}
