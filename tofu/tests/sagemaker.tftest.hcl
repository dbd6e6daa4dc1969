# Assertions on modules/sagemaker and modules/secure_bucket, with the AWS provider mocked.

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
  mock_resource "aws_s3_bucket" {
    defaults = { id = "mlops-sagemaker-123456789012", arn = "arn:aws:s3:::mlops-sagemaker-123456789012" }
  }
  mock_resource "aws_ecr_repository" {
    defaults = { arn = "arn:aws:ecr:us-east-1:123456789012:repository/mlops/mock" }
  }
}

variables {
  name        = "mlops"
  kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
}

run "sagemaker_side_is_scoped_and_encrypted" {
  command = plan

  module {
    source = "./modules/sagemaker"
  }

  assert {
    condition = alltrue([for r in aws_iam_role.execution : jsondecode(r.assume_role_policy).Statement[0].Principal.Service == "sagemaker.amazonaws.com"
    && jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"])
    error_message = "The execution roles must trust sagemaker.amazonaws.com for this account only (aws:SourceAccount)."
  }

  assert {
    condition     = aws_iam_service_linked_role.endpoint_auto_scaling[0].aws_service_name == "sagemaker.application-autoscaling.amazonaws.com"
    error_message = "Endpoint auto-scaling needs Application Auto Scaling's service-linked role for SageMaker, made by the stack, not by CI."
  }

  assert {
    condition = alltrue([for p in aws_iam_role_policy.execution : alltrue([for s in jsondecode(p.policy).Statement :
    alltrue([for r in flatten([s.Resource]) : r != "*" || contains(["EcrLogin", "PublishMetrics"], s.Sid)])])])
    error_message = "Execution role permissions must be scoped to resources (only ecr:GetAuthorizationToken and namespaced metrics use *)."
  }

  assert {
    condition = (keys(aws_iam_role.execution) == ["candidate", "production"]
      && one([for s in jsondecode(aws_iam_role_policy.execution["candidate"].policy).Statement : s.Resource if s.Sid == "WriteOwnTierOnly"]) == ["arn:aws:s3:::mlops-sagemaker-123456789012/candidates/PR-*"]
    && one([for s in jsondecode(aws_iam_role_policy.execution["production"].policy).Statement : s.Resource if s.Sid == "WriteOwnTierOnly"]) == ["arn:aws:s3:::mlops-sagemaker-123456789012/stable/*"])
    error_message = "Each tier's execution role must write only under its own prefix (candidates/PR-*, stable/*)."
  }

  assert {
    condition     = module.artifact_bucket.access_log_target != null && module.artifact_bucket.sse_algorithm == "aws:kms" && module.access_log_bucket.sse_algorithm == "AES256"
    error_message = "The artifact bucket must log its accesses to a log bucket, which uses SSE-S3 (S3 delivers no access logs under SSE-KMS)."
  }

  assert {
    condition = anytrue([for s in jsondecode(module.access_log_bucket.policy).Statement :
    try(s.Principal.Service, "") == "logging.s3.amazonaws.com" && try(s.Condition.ArnLike["aws:SourceArn"], null) == ["arn:aws:s3:::mlops-sagemaker-123456789012"]])
    error_message = "Only S3 log delivery for the artifact bucket may write to the access log bucket."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_tag_mutability == "IMMUTABLE" && r.image_scanning_configuration[0].scan_on_push && r.encryption_configuration[0].encryption_type == "KMS" && r.encryption_configuration[0].kms_key == var.kms_key_arn])
    error_message = "ECR repositories must have immutable tags, scan on push and KMS encryption with the project key."
  }

  assert {
    condition     = length(aws_ecr_lifecycle_policy.this) == length(aws_ecr_repository.this) && length(aws_ecr_repository.this) == 2
    error_message = "Each ECR repository must have a lifecycle policy."
  }

  assert {
    condition     = [for g in aws_sagemaker_model_package_group.this : g.model_package_group_name] == ["mlops-models"]
    error_message = "A model package group is created by default."
  }
}

run "secure_bucket_is_private_encrypted_and_tls_only" {
  command = plan

  module {
    source = "./modules/secure_bucket"
  }

  variables {
    bucket_name = "mlops-sagemaker-123456789012"
  }

  assert {
    condition = alltrue([aws_s3_bucket_public_access_block.this.block_public_acls, aws_s3_bucket_public_access_block.this.block_public_policy,
    aws_s3_bucket_public_access_block.this.ignore_public_acls, aws_s3_bucket_public_access_block.this.restrict_public_buckets])
    error_message = "All public access must be blocked."
  }

  assert {
    condition = (one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].sse_algorithm == "aws:kms"
    && one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].kms_master_key_id == var.kms_key_arn)
    error_message = "The bucket must use SSE-KMS with the project key."
  }

  assert {
    condition     = aws_s3_bucket_versioning.this.versioning_configuration[0].status == "Enabled"
    error_message = "Versioning must be on."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.this.rule[0].abort_incomplete_multipart_upload[0].days_after_initiation == 7
    error_message = "The lifecycle must abort incomplete multipart uploads."
  }

  assert {
    condition = anytrue([for s in jsondecode(aws_s3_bucket_policy.this.policy).Statement :
      s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" && s.Condition == { Bool = { "aws:SecureTransport" = "false" } }
    && toset(s.Resource) == toset(["arn:aws:s3:::mlops-sagemaker-123456789012", "arn:aws:s3:::mlops-sagemaker-123456789012/*"])])
    error_message = "The bucket policy must deny every request that does not use TLS, on the bucket and its objects."
  }

  assert {
    condition     = !aws_s3_bucket.this.force_destroy
    error_message = "Buckets must not be force-destroyed by default."
  }
}

run "bad_bucket_name_is_refused" {
  command = plan

  module {
    source = "./modules/secure_bucket"
  }

  variables {
    bucket_name = "Not_A_Bucket"
  }

  expect_failures = [var.bucket_name]
}
