resource "aws_iam_role" "server" {
  name = "${var.name}-gitlab-server"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "server" {
  name = "gitlab-server"
  role = aws_iam_role.server.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteOwnSecrets"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:PutParameter"]
        Resource = [aws_ssm_parameter.root_password.arn, aws_ssm_parameter.runner_token.arn]
      },
      {
        Sid      = "UseProjectKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"]
        Resource = [var.kms_key_arn]
      },
      {
        Sid      = "WriteSecretsBackups"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:AbortMultipartUpload"]
        Resource = ["${module.secrets_backup_bucket.arn}/*"]
      },
      {
        Sid      = "UseSecretsBackupKey"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Encrypt", "kms:Decrypt"]
        Resource = [aws_kms_key.secrets_backup.arn]
      },
      {
        Sid      = "ListBackupBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"]
        Resource = [module.backup_bucket.arn]
      },
      {
        Sid      = "ReadWriteBackups"
        Effect   = "Allow"
        Action   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        Resource = ["${module.backup_bucket.arn}/*"]
      },
      {
        Sid      = "ShipLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [for g in aws_cloudwatch_log_group.this : "${g.arn}:*"]
      },
      {
        Sid       = "PublishMetrics"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricData"]
        Resource  = ["*"]
        Condition = { StringEquals = { "cloudwatch:namespace" = "${var.name}/GitLab" } }
      },
      {
        Sid      = "CloudWatchAgentDiscovery"
        Effect   = "Allow"
        Action   = ["ec2:DescribeTags", "ec2:DescribeVolumes"]
        Resource = ["*"]
      },
      {
        # Session Manager replaces SSH: the minimal instance profile of the Session Manager guide. Not
        # AmazonSSMManagedInstanceCore, which grants ssm:GetParameter* on every parameter.
        Sid      = "SessionManager"
        Effect   = "Allow"
        Action   = ["ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
        Resource = ["*"]
      },
    ]
  })
}

resource "aws_iam_instance_profile" "server" {
  name = "${var.name}-gitlab-server"
  role = aws_iam_role.server.name

  tags = var.tags
}
