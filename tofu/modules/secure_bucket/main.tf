data "aws_caller_identity" "current" {}

# One way to make a bucket in this repository: private, SSE-KMS with the project key (SSE-S3 only for buckets that
# receive S3 server access logs, which S3 cannot deliver under SSE-KMS), versioned, with a lifecycle, access-logged
# when asked, and reachable over TLS only.
resource "aws_s3_bucket" "this" {
  bucket        = var.bucket_name
  force_destroy = var.force_destroy

  tags = var.tags
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket = aws_s3_bucket.this.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
    bucket_key_enabled = var.kms_key_arn != null
  }
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "housekeeping"
    status = "Enabled"

    # Every object; written as an empty prefix, which is also what S3 (and moto) echo back.
    filter {
      prefix = ""
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_upload_days
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    dynamic "expiration" {
      for_each = var.expiration_days == null ? [] : [var.expiration_days]
      content {
        days = expiration.value
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  count = var.access_logs == null ? 0 : 1

  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_logs.target_bucket
  target_prefix = "${var.bucket_name}/"
}

locals {
  # S3 delivers server access logs as the logging service principal; the grant names the source buckets.
  access_log_statements = length(var.receives_access_logs_from) == 0 ? [] : [{
    Sid       = "S3ServerAccessLogDelivery"
    Effect    = "Allow"
    Principal = { Service = "logging.s3.amazonaws.com" }
    Action    = "s3:PutObject"
    Resource  = "${aws_s3_bucket.this.arn}/*"
    Condition = {
      ArnLike      = { "aws:SourceArn" = var.receives_access_logs_from }
      StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
    }
  }]

  tls_only_statement = {
    Sid       = "DenyInsecureTransport"
    Effect    = "Deny"
    Principal = "*"
    Action    = "s3:*"
    Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    Condition = { Bool = { "aws:SecureTransport" = "false" } }
  }

  old_tls_statement = {
    Sid       = "DenyTlsOlderThan12"
    Effect    = "Deny"
    Principal = "*"
    Action    = "s3:*"
    Resource  = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id

  # The log delivery grant comes first: moto 5.2's PutBucketLogging reads the target's policy statement by statement
  # and fails on the first Principal written as "*" unless it met the grant before.
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = concat(local.access_log_statements, [local.tls_only_statement, local.old_tls_statement], var.extra_policy_statements)
  })

  # A bucket policy is refused while the public access block is being written; order them.
  depends_on = [aws_s3_bucket_public_access_block.this]
}
