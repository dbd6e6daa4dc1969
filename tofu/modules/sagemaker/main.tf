data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition
  log_arn    = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/sagemaker/*"

  # The key prefix each tier writes under (MlOps.Sdk's ResourceNamer.ArtifactPrefix). The tier comes first, so the
  # prefixes are anchored at the start of the key: IAM's * also matches "/", and a pattern such as
  # "*/candidates/PR-*" would match keys under stable/ too.
  tiers = {
    candidate  = "candidates/PR-"
    production = "stable/"
  }
}

module "artifact_bucket" {
  source = "../secure_bucket"

  bucket_name                        = "${var.name}-sagemaker-${local.account_id}"
  kms_key_arn                        = var.kms_key_arn
  noncurrent_version_expiration_days = var.artifact_retention_days
  force_destroy                      = var.force_destroy_bucket
  access_logs                        = { target_bucket = module.access_log_bucket.id }
  tags                               = var.tags
}

# Server access logs of the artifact bucket (who read or wrote which model). S3 delivers access logs only to a bucket
# encrypted with SSE-S3, never SSE-KMS, so this one bucket uses S3-managed keys.
module "access_log_bucket" {
  source = "../secure_bucket"

  bucket_name                        = "${var.name}-sagemaker-logs-${local.account_id}"
  kms_key_arn                        = null
  expiration_days                    = var.access_log_retention_days
  noncurrent_version_expiration_days = 1
  force_destroy                      = var.force_destroy_bucket
  receives_access_logs_from          = ["arn:${local.partition}:s3:::${var.name}-sagemaker-${local.account_id}"]
  tags                               = var.tags
}

resource "aws_ecr_repository" "this" {
  for_each = toset(var.ecr_repositories)

  name                 = "${var.name}/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = var.kms_key_arn
  }

  tags = var.tags
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Drop untagged images after a day"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 1 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the newest tagged images"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = var.ecr_keep_images }
        action       = { type = "expire" }
      },
    ]
  })
}

resource "aws_sagemaker_model_package_group" "this" {
  for_each = toset(var.model_package_groups)

  model_package_group_name        = "${var.name}-${each.key}"
  model_package_group_description = "Model versions of ${var.name}/${each.key}, registered by CI"

  tags = var.tags
}

# Endpoint auto-scaling (the deploy stage) needs this role in the account; it is made here, so the CI roles need no
# IAM power to create it on first use.
resource "aws_iam_service_linked_role" "endpoint_auto_scaling" {
  count            = var.create_autoscaling_service_linked_role ? 1 : 0
  aws_service_name = "sagemaker.application-autoscaling.amazonaws.com"
  description      = "Application Auto Scaling of the ${var.name} SageMaker endpoints"
}

# One execution role per tier: SageMaker writes a job's model.tar.gz with the role the job runs as, and no condition key
# of CreateTrainingJob constrains its S3 output path, so only a role per tier keeps a merge request's training job from
# writing where production models live.
resource "aws_iam_role" "execution" {
  for_each = local.tiers

  name = "${var.name}-sagemaker-${each.key}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
      # Confused-deputy guard: only SageMaker acting for this account may assume the role.
      Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
    }]
  })

  tags = merge(var.tags, { Tier = each.key })
}

resource "aws_iam_role_policy" "execution" {
  for_each = local.tiers

  name = "sagemaker-${each.key}"
  role = aws_iam_role.execution[each.key].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "ListArtifactPrefixes"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = [module.artifact_bucket.arn]
        Condition = { StringLike = { "s3:prefix" = [for t in local.tiers : "${t}*"] } }
      },
      {
        # Both tiers read both prefixes: a candidate endpoint serves the newest approved (stable) model, and a
        # production endpoint may serve a candidate's model that a person approved.
        Sid      = "ReadArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [for t in local.tiers : "${module.artifact_bucket.arn}/${t}*"]
      },
      {
        Sid      = "WriteOwnTierOnly"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        Resource = ["${module.artifact_bucket.arn}/${each.value}*"]
      },
      {
        Sid      = "PullImages"
        Effect   = "Allow"
        Action   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
        Resource = [for r in aws_ecr_repository.this : r.arn]
      },
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = ["*"] # this action has no resource-level permission
      },
      {
        Sid      = "UseProjectKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey", "kms:CreateGrant"]
        Resource = [var.kms_key_arn]
      },
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [local.log_arn, "${local.log_arn}:*"]
      },
      {
        Sid       = "PublishMetrics"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricData"]
        Resource  = ["*"]
        Condition = { StringLike = { "cloudwatch:namespace" = ["/aws/sagemaker/*", "aws/sagemaker/*"] } }
      },
    ]
  })
}
