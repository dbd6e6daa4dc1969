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

  candidate_endpoints = "${local.sm}:endpoint/${local.prefix}*-candidate-*"
  project_endpoints   = "${local.sm}:endpoint/${local.prefix}*"

  # Endpoint auto-scaling (the deploy stage, and stop-candidate, which deregisters). A scalable target's ARN carries a
  # random ID, not the endpoint's name, so the endpoint is scoped through the action SageMaker requires of the caller
  # to register it, sagemaker:UpdateEndpointWeightsAndCapacities (granted on the tier's own endpoints only), and the
  # Application Auto Scaling actions through their documented condition keys service-namespace and scalable-dimension.
  # A target-tracking policy creates and deletes its alarms as the caller; they are named
  # TargetTracking-endpoint/<endpoint>/variant/<variant>-AlarmHigh|Low-<uuid>.
  auto_scaling_statements = {
    for tier, endpoints in { candidate = local.candidate_endpoints, production = local.project_endpoints } : tier => [
      {
        Sid    = "ScaleOnlySageMakerVariants"
        Effect = "Allow"
        Action = [
          "application-autoscaling:RegisterScalableTarget", "application-autoscaling:DeregisterScalableTarget",
          "application-autoscaling:PutScalingPolicy", "application-autoscaling:DeleteScalingPolicy",
        ]
        Resource = "arn:${local.partition}:application-autoscaling:${local.region}:${local.account_id}:scalable-target/*"
        Condition = {
          StringEquals = {
            "application-autoscaling:service-namespace"  = "sagemaker"
            "application-autoscaling:scalable-dimension" = "sagemaker:variant:DesiredInstanceCount"
          }
        }
      },
      {
        Sid      = "DescribeScaling"
        Effect   = "Allow"
        Action   = ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingPolicies", "cloudwatch:DescribeAlarms"]
        Resource = "*" # Describe* of Application Auto Scaling has no resource-level permission
      },
      {
        Sid      = "ScaleOwnEndpointsOnly"
        Effect   = "Allow"
        Action   = ["sagemaker:UpdateEndpointWeightsAndCapacities"]
        Resource = endpoints
      },
      {
        Sid      = "TargetTrackingAlarmsOfOwnEndpoints"
        Effect   = "Allow"
        Action   = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"]
        Resource = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:TargetTracking-${trimprefix(endpoints, "${local.sm}:")}"
      },
    ]
  }

  # S3: each tier writes only under its own prefix (anchored at the start of the key, see modules/sagemaker), reads
  # both (register reads its model; an endpoint project packages the approved model, which may come from either tier).
  artifact_statements = {
    for tier, prefix in var.artifact_prefixes : tier => [
      {
        Sid       = "ListArtifacts"
        Effect    = "Allow"
        Action    = "s3:ListBucket"
        Resource  = var.artifact_bucket_arn
        Condition = { StringLike = { "s3:prefix" = [for p in values(var.artifact_prefixes) : "${p}*"] } }
      },
      {
        Sid      = "ReadArtifacts"
        Effect   = "Allow"
        Action   = "s3:GetObject"
        Resource = [for p in values(var.artifact_prefixes) : "${var.artifact_bucket_arn}/${p}*"]
      },
      {
        Sid      = "WriteOwnTierOnly"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        Resource = "${var.artifact_bucket_arn}/${prefix}*"
      },
      {
        # Each tier passes only its own execution role, so a candidate's training job cannot write as production.
        Sid       = "PassOnlyOwnSageMakerRole"
        Effect    = "Allow"
        Action    = "iam:PassRole"
        Resource  = var.sagemaker_role_arns[tier]
        Condition = { StringEquals = { "iam:PassedToService" = "sagemaker.amazonaws.com" } }
      },
    ]
  }

  # What both roles share: read what they need, push images, use the project key.
  common_statements = [
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
    Statement = concat(local.common_statements, local.artifact_statements.production, local.auto_scaling_statements.production, [
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
        # Cleanup runs on main only, and removes expired artifacts of both tiers.
        Sid      = "DeleteOldArtifacts"
        Effect   = "Allow"
        Action   = "s3:DeleteObject"
        Resource = [for p in values(var.artifact_prefixes) : "${var.artifact_bucket_arn}/${p}*"]
      },
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
    Statement = concat(local.common_statements, local.artifact_statements.candidate, local.auto_scaling_statements.candidate, [
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
          local.candidate_endpoints,
        ]
      },
      {
        # The merge-request review (report stage) reads what the production endpoint serves and times the test
        # requests on it beside the candidate. Describe and invoke only: nothing here can change production.
        Sid    = "ReviewAgainstProduction"
        Effect = "Allow"
        Action = ["sagemaker:DescribeEndpoint", "sagemaker:DescribeEndpointConfig", "sagemaker:DescribeModel", "sagemaker:InvokeEndpoint"]
        Resource = [
          "${local.sm}:model/${local.prefix}*",
          "${local.sm}:endpoint-config/${local.prefix}*",
          local.project_endpoints,
        ]
      },
    ])
  })
}
