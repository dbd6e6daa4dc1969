data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  issuer_host = trimprefix(var.gitlab_url, "https://")
  audience    = var.audience
  account_id  = data.aws_caller_identity.current.account_id
  region      = data.aws_region.current.name
  partition   = data.aws_partition.current.partition
  sm          = "arn:${local.partition}:sagemaker:${local.region}:${local.account_id}"
  prefix      = var.sagemaker_resource_prefix

  production_subjects = [for p in var.project_paths : "project_path:${p}:ref_type:branch:ref:${var.production_ref}"]
  candidate_subjects  = [for p in var.project_paths : "project_path:${p}:ref_type:branch:ref:*"]

  # Endpoint auto-scaling (the deploy stage): Application Auto Scaling has no resource-level permissions for these
  # actions, and a target-tracking policy creates and deletes its CloudWatch alarms as the caller.
  endpoint_auto_scaling_statement = {
    Sid    = "EndpointAutoScaling"
    Effect = "Allow"
    Action = [
      "application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
      "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
      "application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies",
      "cloudwatch:PutMetricAlarm", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms",
    ]
    Resource = "*"
  }

  # What both roles share: read what they need, push images, write artifacts, pass the one SageMaker role.
  common_statements = [
    {
      Sid       = "PassOnlyTheSageMakerRoleToSageMaker"
      Effect    = "Allow"
      Action    = "iam:PassRole"
      Resource  = var.sagemaker_role_arn
      Condition = { StringEquals = { "iam:PassedToService" = "sagemaker.amazonaws.com" } }
    },
    {
      Sid      = "ListAndDescribe"
      Effect   = "Allow"
      Action   = ["sagemaker:List*", "sagemaker:Search", "sagemaker:DescribeModelPackageGroup", "sagemaker:DescribeModelPackage"]
      Resource = "*"
    },
    {
      # Cleanup finds the project's resources by their tags in a few paged calls (no resource-level permissions exist).
      Sid      = "FindResourcesByTag"
      Effect   = "Allow"
      Action   = ["tag:GetResources"]
      Resource = "*"
    },
    {
      Sid      = "Training"
      Effect   = "Allow"
      Action   = ["sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob", "sagemaker:AddTags", "sagemaker:ListTags"]
      Resource = ["${local.sm}:training-job/${local.prefix}*"]
    },
    {
      Sid      = "ReadTrainingAndEndpointLogs"
      Effect   = "Allow"
      Action   = ["logs:GetLogEvents", "logs:FilterLogEvents", "logs:DescribeLogStreams"]
      Resource = ["arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:/aws/sagemaker/*"]
    },
    {
      Sid       = "ListArtifacts"
      Effect    = "Allow"
      Action    = "s3:ListBucket"
      Resource  = var.artifact_bucket_arn
      Condition = { StringLike = { "s3:prefix" = ["${var.artifact_prefix}/*", var.artifact_prefix] } }
    },
    {
      Sid      = "ReadWriteArtifacts"
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
      Resource = "${var.artifact_bucket_arn}/${var.artifact_prefix}/*"
    },
    {
      Sid      = "EcrLogin"
      Effect   = "Allow"
      Action   = "ecr:GetAuthorizationToken"
      Resource = "*" # no resource-level permission exists for this action
    },
    {
      Sid    = "PushAndPullImages"
      Effect = "Allow"
      Action = [
        "ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload",
        "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:DescribeImages", "ecr:DescribeImageScanFindings",
      ]
      Resource = var.ecr_repository_arns
    },
    {
      Sid      = "UseProjectKey"
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
      Resource = var.kms_key_arn
    },
  ]
}

resource "aws_iam_openid_connect_provider" "gitlab" {
  url             = var.gitlab_url
  client_id_list  = [local.audience]
  thumbprint_list = var.thumbprints

  tags = var.tags
}

# ---------------------------------------------------------------- production: the default branch only
resource "aws_iam_role" "production" {
  name                 = "${var.name}-ci-production"
  description          = "Assumed by GitLab CI on ${var.production_ref} of ${join(", ", var.project_paths)}"
  max_session_duration = var.max_session_duration

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.gitlab.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.issuer_host}:aud" = local.audience
          "${local.issuer_host}:sub" = local.production_subjects
        }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "production" {
  name = "ci-production"
  role = aws_iam_role.production.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.common_statements, [
      {
        Sid    = "RegisterAndApprove"
        Effect = "Allow"
        Action = ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage", "sagemaker:DeleteModelPackage"]
        Resource = [
          "${local.sm}:model-package/${local.prefix}*",
          "${local.sm}:model-package-group/${local.prefix}*",
        ]
      },
      {
        Sid    = "DeployAndCleanUp"
        Effect = "Allow"
        Action = [
          "sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:DeleteModel",
          "sagemaker:CreateEndpointConfig", "sagemaker:DescribeEndpointConfig", "sagemaker:DeleteEndpointConfig",
          "sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:DescribeEndpoint", "sagemaker:DeleteEndpoint",
          "sagemaker:InvokeEndpoint", "sagemaker:AddTags", "sagemaker:ListTags",
        ]
        Resource = [
          "${local.sm}:model/${local.prefix}*",
          "${local.sm}:endpoint-config/${local.prefix}*",
          "${local.sm}:endpoint/${local.prefix}*",
        ]
      },
      {
        Sid      = "DeleteOldArtifacts"
        Effect   = "Allow"
        Action   = "s3:DeleteObject"
        Resource = "${var.artifact_bucket_arn}/${var.artifact_prefix}/*"
      },
      local.endpoint_auto_scaling_statement,
    ])
  })
}

# ---------------------------------------------------------------- candidate: any branch (merge requests), narrower
resource "aws_iam_role" "candidate" {
  name                 = "${var.name}-ci-candidate"
  description          = "Assumed by GitLab CI merge-request pipelines of ${join(", ", var.project_paths)}"
  max_session_duration = var.max_session_duration

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = aws_iam_openid_connect_provider.gitlab.arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = { "${local.issuer_host}:aud" = local.audience }
        StringLike   = { "${local.issuer_host}:sub" = local.candidate_subjects }
      }
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "candidate" {
  name = "ci-candidate"
  role = aws_iam_role.candidate.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.common_statements, [
      {
        # A candidate may register a version, never approve one: that is the metric gate on main.
        Sid       = "RegisterPendingOnly"
        Effect    = "Allow"
        Action    = "sagemaker:CreateModelPackage"
        Resource  = ["${local.sm}:model-package/${local.prefix}*", "${local.sm}:model-package-group/${local.prefix}*"]
        Condition = { StringEquals = { "sagemaker:ModelApprovalStatus" = "PendingManualApproval" } }
      },
      {
        Sid    = "CandidateEndpointsOnly"
        Effect = "Allow"
        Action = [
          "sagemaker:CreateModel", "sagemaker:DescribeModel", "sagemaker:DeleteModel",
          "sagemaker:CreateEndpointConfig", "sagemaker:DescribeEndpointConfig", "sagemaker:DeleteEndpointConfig",
          "sagemaker:CreateEndpoint", "sagemaker:DescribeEndpoint", "sagemaker:DeleteEndpoint",
          "sagemaker:InvokeEndpoint", "sagemaker:AddTags", "sagemaker:ListTags",
        ]
        Resource = [
          "${local.sm}:model/${local.prefix}*-candidate-*",
          "${local.sm}:endpoint-config/${local.prefix}*-candidate-*",
          "${local.sm}:endpoint/${local.prefix}*-candidate-*",
        ]
      },
      # Candidates scale like production (the deploy stage applies manifest.json endpoint.autoScaling to every endpoint),
      # and stop-candidate deregisters them before the endpoint goes.
      local.endpoint_auto_scaling_statement,
    ])
  })
}
