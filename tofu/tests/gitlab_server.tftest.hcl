# Security assertions on modules/gitlab_server, with the AWS provider mocked (no network, no credentials).

# Plans only (override_during = plan gives computed attributes values at plan time): the data volume carries
# prevent_destroy, so an applied run could not be torn down.
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
  mock_resource "aws_ssm_parameter" {
    defaults = { arn = "arn:aws:ssm:us-east-1:123456789012:parameter/mlops/gitlab/mock" }
  }
  mock_resource "aws_ebs_volume" {
    defaults = { id = "vol-0123456789abcdef0" }
  }
  mock_resource "aws_s3_bucket" {
    defaults = { id = "mlops-gitlab-backups-123456789012", arn = "arn:aws:s3:::mlops-gitlab-backups-123456789012" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/mlops/gitlab/mock" }
  }
  mock_resource "aws_kms_key" {
    defaults = { arn = "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000", key_id = "66666666-7777-8888-9999-000000000000" }
  }
  mock_resource "aws_eip" {
    defaults = { public_dns = "ec2-203-0-113-10.compute-1.amazonaws.com", public_ip = "203.0.113.10" }
  }
}

variables {
  name              = "mlops"
  vpc_id            = "vpc-0123456789abcdef0"
  subnet_id         = "subnet-0123456789abcdef0"
  availability_zone = "us-east-1a"
  kms_key_arn       = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
  domain_name       = "gitlab.example.com"
  letsencrypt_email = "ops@example.com"
}

run "defaults_are_secure" {
  command = plan

  module {
    source = "./modules/gitlab_server"
  }

  assert {
    condition     = aws_instance.this.metadata_options[0].http_tokens == "required" && aws_instance.this.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "The GitLab instance must require IMDSv2 tokens with a hop limit of 1."
  }

  assert {
    condition     = aws_instance.this.root_block_device[0].encrypted && aws_instance.this.root_block_device[0].kms_key_id == var.kms_key_arn
    error_message = "The root volume must be encrypted with the project key."
  }

  assert {
    condition     = aws_ebs_volume.data.encrypted && aws_ebs_volume.data.kms_key_id == var.kms_key_arn && aws_ebs_volume.data.size == 100
    error_message = "The data volume must be 100 GiB by default and encrypted with the project key."
  }

  assert {
    condition     = aws_instance.this.instance_type == "t3.large"
    error_message = "The default instance type must be t3.large."
  }

  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.this : g.kms_key_id == var.kms_key_arn && g.retention_in_days == 90])
    error_message = "Every log group must be encrypted with the project key and have a retention."
  }

  assert {
    condition     = aws_ssm_parameter.root_password.type == "SecureString" && aws_ssm_parameter.root_password.key_id == var.kms_key_arn
    error_message = "The root password parameter must be a SecureString under the project key."
  }

  assert {
    condition     = aws_ssm_parameter.runner_token.type == "SecureString" && aws_ssm_parameter.runner_token.key_id == var.kms_key_arn
    error_message = "The runner token parameter must be a SecureString under the project key."
  }

  assert {
    condition     = nonsensitive(aws_ssm_parameter.root_password.value) == "generated-on-first-boot" && nonsensitive(aws_ssm_parameter.runner_token.value) == "generated-on-first-boot"
    error_message = "OpenTofu must only ever write the placeholder: the secrets are generated on the instance."
  }

  assert {
    condition     = alltrue([for r in aws_security_group.server.ingress : !(r.from_port <= 22 && r.to_port >= 22)])
    error_message = "No ingress rule may open port 22 by default."
  }

  assert {
    condition     = toset([for r in aws_security_group.server.ingress : r.from_port]) == toset([80, 443])
    error_message = "Only 80 and 443 may be open by default."
  }

  assert {
    condition = alltrue([for r in aws_security_group.server.egress :
    contains([80, 443], r.from_port) && r.from_port == r.to_port && r.protocol == "tcp" && length(r.description) > 0])
    error_message = "Egress to 0.0.0.0/0 is allowed only on the documented ports 80 and 443."
  }

  assert {
    condition     = strcontains(aws_instance.this.user_data, "/mlops/gitlab/root-password") && strcontains(aws_instance.this.user_data, "openssl rand")
    error_message = "user_data must generate the root password on the instance and store it under the SSM parameter name."
  }

  assert {
    condition     = !can(regex("initial_root_password|glrt-[A-Za-z0-9_-]{10,}|glpat-|AKIA[0-9A-Z]{16}|BEGIN [A-Z ]*PRIVATE KEY", aws_instance.this.user_data))
    error_message = "user_data must not carry a secret."
  }

  assert {
    condition     = !can(regex("(?i)(password|token|secret)=['\"]?[A-Za-z0-9+/=_-]{8,}", aws_instance.this.user_data))
    error_message = "user_data must not assign a literal password, token or secret."
  }

  assert {
    condition     = strcontains(aws_instance.this.user_data, "external_url '$EXTERNAL_URL'") && strcontains(aws_instance.this.user_data, "EXTERNAL_URL='https://gitlab.example.com'") && strcontains(aws_instance.this.user_data, "letsencrypt['enable'] = true")
    error_message = "With a domain, GitLab must serve https:// with Let's Encrypt."
  }

  assert {
    condition = alltrue([for s in ["signup_enabled: false", "session_expire_delay: 480", "restricted_visibility_levels: [Gitlab::VisibilityLevel::PUBLIC]",
    "default_project_visibility: Gitlab::VisibilityLevel::PRIVATE", "redirect_http_to_https'] = true", "X-Content-Type-Options"] : strcontains(aws_instance.this.user_data, s)])
    error_message = "GitLab must disable sign-up, require sign-in, default to private, expire sessions after 8 h, redirect to HTTPS and send security headers."
  }

  assert {
    condition     = strcontains(aws_instance.this.user_data, "/var/opt/gitlab ext4") && strcontains(aws_instance.this.user_data, "UUID=$UUID")
    error_message = "The data volume must be mounted at /var/opt/gitlab through fstab by UUID."
  }

  assert {
    condition     = strcontains(aws_instance.this.user_data, "gitlab-backup create") && strcontains(aws_instance.this.user_data, "gitlab-ctl backup-etc")
    error_message = "Backups (gitlab-backup and gitlab-ctl backup-etc) must be scheduled."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.system_status.alarm_actions == toset(["arn:aws:automate:us-east-1:ec2:recover"])
    error_message = "The system status-check alarm must auto-recover the instance."
  }

  assert {
    condition     = length(aws_route53_record.public) == 0 && length(aws_route53_record.private) == 0
    error_message = "No DNS record is made unless a zone is given."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.server.policy).Statement :
    s.Effect == "Allow" && !contains(flatten([s.Action]), "*") && !strcontains(join(",", flatten([s.Action])), ":*")])
    error_message = "The server role must not grant wildcard actions."
  }

  assert {
    condition     = strcontains(aws_instance.this.user_data, "require_admin_two_factor_authentication: true")
    error_message = "GitLab must require two-factor authentication of administrators."
  }

  assert {
    condition = (module.secrets_backup_bucket.sse_algorithm == "aws:kms" && aws_kms_key.secrets_backup.enable_key_rotation
      && strcontains(aws_instance.this.user_data, "s3://$SECRETS_BACKUP_BUCKET/etc/\" --sse aws:kms --sse-kms-key-id \"$SECRETS_BACKUP_KEY\"")
    && !strcontains(aws_instance.this.user_data, "s3://$BACKUP_BUCKET/etc/"))
    error_message = "Configuration and secrets backups must go to their own bucket under their own KMS key, apart from the data backups."
  }

  assert {
    condition     = !strcontains(aws_iam_role_policy.server.policy, "ssm:GetParameters") && !strcontains(aws_iam_role_policy.server.policy, "\"ssm:*\"")
    error_message = "The server role must not read parameters beyond its own two secrets (no AmazonSSMManagedInstanceCore)."
  }

  assert {
    condition     = output.root_password_parameter == "/mlops/gitlab/root-password"
    error_message = "Outputs name the parameter, never its value."
  }
}

run "ssh_opens_only_to_the_admin_cidr" {
  command = plan

  module {
    source = "./modules/gitlab_server"
  }

  variables {
    admin_ssh_cidr = "198.51.100.0/24"
  }

  assert {
    condition     = jsonencode([for r in aws_security_group.server.ingress : r.cidr_blocks if r.from_port == 22]) == jsonencode([["198.51.100.0/24"]])
    error_message = "With admin_ssh_cidr, port 22 opens to that CIDR only."
  }
}

run "a_bad_domain_is_refused" {
  command = plan

  module {
    source = "./modules/gitlab_server"
  }

  variables {
    domain_name = "http://203.0.113.10"
  }

  expect_failures = [var.domain_name]
}

run "public_record_points_at_the_elastic_ip" {
  command = plan

  module {
    source = "./modules/gitlab_server"
  }

  variables {
    public_zone_id = "Z0123456789ABCDEFGHIJ"
    private_record = { zone_id = "Z9876543210ABCDEFGHIJ", name = "gitlab.mlops.local" }
  }

  assert {
    condition     = aws_route53_record.public[0].name == "gitlab.example.com" && aws_route53_record.public[0].records == toset(["203.0.113.10"])
    error_message = "The public A record must point at the Elastic IP."
  }

  assert {
    condition     = aws_route53_record.private[0].name == "gitlab.mlops.local"
    error_message = "The private record must be created in the private zone."
  }
}
