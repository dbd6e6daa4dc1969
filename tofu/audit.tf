locals {
  trail_name = "${local.name}-audit"
  trail_arn  = "arn:${local.partition}:cloudtrail:${var.region}:${local.account_id}:trail/${local.trail_name}"
}

module "audit_bucket" {
  source = "./modules/secure_bucket"
  count  = var.enable_cloudtrail ? 1 : 0

  bucket_name                        = "${local.name}-audit-${local.account_id}"
  kms_key_arn                        = aws_kms_key.project.arn
  noncurrent_version_expiration_days = 365
  force_destroy                      = var.force_destroy_buckets

  extra_policy_statements = [
    {
      Sid       = "CloudTrailChecksAcl"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:GetBucketAcl"
      Resource  = "arn:${local.partition}:s3:::${local.name}-audit-${local.account_id}"
      Condition = { StringEquals = { "aws:SourceArn" = local.trail_arn } }
    },
    {
      Sid       = "CloudTrailWrites"
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "s3:PutObject"
      Resource  = "arn:${local.partition}:s3:::${local.name}-audit-${local.account_id}/AWSLogs/${local.account_id}/*"
      Condition = {
        StringEquals = {
          "s3:x-amz-acl"  = "bucket-owner-full-control"
          "aws:SourceArn" = local.trail_arn
        }
      }
    },
  ]
}

# The trail also goes to CloudWatch Logs, where metric filters and alarms can watch it as it happens (S3 keeps the
# validated, long-term copy).
resource "aws_cloudwatch_log_group" "audit" {
  count = var.enable_cloudtrail ? 1 : 0

  name              = "/${local.name}/cloudtrail"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.project.arn
}

resource "aws_iam_role" "cloudtrail_logs" {
  count = var.enable_cloudtrail ? 1 : 0

  name = "${local.name}-cloudtrail-logs"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "aws:SourceArn" = local.trail_arn } }
    }]
  })
}

resource "aws_iam_role_policy" "cloudtrail_logs" {
  count = var.enable_cloudtrail ? 1 : 0

  name = "cloudtrail-logs"
  role = aws_iam_role.cloudtrail_logs[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "DeliverToTheAuditLogGroup"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.audit[0].arn}:log-stream:${local.account_id}_CloudTrail_*" # one stream per region of a multi-region trail
    }]
  })
}

resource "aws_cloudtrail" "audit" {
  count = var.enable_cloudtrail ? 1 : 0

  name                          = local.trail_name
  s3_bucket_name                = module.audit_bucket[0].id
  kms_key_id                    = aws_kms_key.project.arn
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.audit[0].arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudtrail_logs[0].arn

  depends_on = [module.audit_bucket, aws_iam_role_policy.cloudtrail_logs]
}
