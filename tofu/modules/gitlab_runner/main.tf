data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "aws_ami" "ubuntu" {
  count = var.ami_id == null ? 1 : 0

  most_recent = true
  owners      = ["099720109477"] # Canonical

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"]
  }
}

locals {
  ami_id    = var.ami_id != null ? var.ami_id : data.aws_ami.ubuntu[0].id
  log_group = "/${var.name}/gitlab-runner"
}

resource "aws_security_group" "runner" {
  name        = "${var.name}-gitlab-runner"
  description = "GitLab runner: no ingress at all; egress HTTP and HTTPS only"
  vpc_id      = var.vpc_id

  # No ingress: the runner polls GitLab, nothing connects to it.
  ingress = []

  # Egress destinations are open because jobs pull images from public registries and reach GitLab, ECR, S3 and
  # SageMaker over HTTPS (no VPC endpoint by default).
  egress {
    description = "HTTPS: GitLab, container registries, AWS APIs"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    description = "HTTP: Ubuntu package mirrors, GitLab without a domain"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(var.tags, { Name = "${var.name}-gitlab-runner" })
}

module "cache_bucket" {
  source = "../secure_bucket"

  bucket_name                        = "${var.name}-runner-cache-${data.aws_caller_identity.current.account_id}"
  kms_key_arn                        = var.kms_key_arn
  expiration_days                    = var.cache_retention_days
  noncurrent_version_expiration_days = 1
  force_destroy                      = true # a cache only: losing it costs a slower build, nothing more
  tags                               = var.tags
}

resource "aws_cloudwatch_log_group" "runner" {
  name              = local.log_group
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = var.tags
}

resource "aws_iam_role" "runner" {
  name = "${var.name}-gitlab-runner"

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

# Least privilege: read its own token, use the cache bucket, ship its logs, answer Session Manager. Jobs get AWS access
# through OIDC roles, never through this instance role (IMDS hop limit 1 keeps job containers away from it).
# No AmazonSSMManagedInstanceCore: it grants ssm:GetParameter* on every parameter, the GitLab root password included.
resource "aws_iam_role_policy" "runner" {
  name = "gitlab-runner"
  role = aws_iam_role.runner.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadRunnerToken"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter"]
        Resource = [var.runner_token_parameter_arn]
      },
      {
        # SSM encrypts a SecureString with the parameter's ARN as encryption context: this key use opens that one
        # parameter and no other SecureString under the project key.
        Sid       = "DecryptOwnTokenOnly"
        Effect    = "Allow"
        Action    = ["kms:Decrypt"]
        Resource  = [var.kms_key_arn]
        Condition = { StringEquals = { "kms:EncryptionContext:PARAMETER_ARN" = var.runner_token_parameter_arn } }
      },
      {
        # The cache bucket is SSE-KMS with a bucket key: S3 asks KMS with the bucket's ARN as encryption context.
        Sid      = "CacheEncryption"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
        Condition = {
          StringEquals = {
            "kms:ViaService"                   = "s3.${data.aws_region.current.name}.amazonaws.com"
            "kms:EncryptionContext:aws:s3:arn" = module.cache_bucket.arn
          }
        }
      },
      {
        Sid      = "ListCache"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = [module.cache_bucket.arn]
      },
      {
        Sid      = "ReadWriteCache"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = ["${module.cache_bucket.arn}/*"]
      },
      {
        Sid      = "ShipLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = ["${aws_cloudwatch_log_group.runner.arn}:*"]
      },
      {
        # What the SSM agent needs for Session Manager (the minimal instance profile of the Session Manager guide),
        # and nothing of Parameter Store.
        Sid      = "SessionManager"
        Effect   = "Allow"
        Action   = ["ssm:UpdateInstanceInformation", "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"]
        Resource = ["*"]
      },
    ]
  })
}

resource "aws_iam_instance_profile" "runner" {
  name = "${var.name}-gitlab-runner"
  role = aws_iam_role.runner.name

  tags = var.tags
}

resource "aws_launch_template" "runner" {
  name_prefix   = "${var.name}-gitlab-runner-"
  image_id      = local.ami_id
  instance_type = var.instance_type

  iam_instance_profile {
    arn = aws_iam_instance_profile.runner.arn
  }

  network_interfaces {
    associate_public_ip_address = var.assign_public_ip
    security_groups             = [aws_security_group.runner.id]
    delete_on_termination       = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/sda1"

    ebs {
      volume_type           = "gp3"
      volume_size           = var.root_volume_size_gb
      encrypted             = true
      kms_key_id            = var.kms_key_arn
      delete_on_termination = true
    }
  }

  monitoring {
    enabled = true
  }

  user_data = base64encode(templatefile("${path.module}/templates/user_data.sh.tftpl", {
    region                 = data.aws_region.current.name
    gitlab_url             = var.gitlab_url
    runner_token_parameter = var.runner_token_parameter
    placeholder            = var.secret_placeholder
    concurrent_jobs        = var.concurrent_jobs
    default_image          = var.default_image
    cache_bucket           = module.cache_bucket.id
    log_group              = local.log_group
  }))

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "${var.name}-gitlab-runner" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "${var.name}-gitlab-runner" })
  }

  tags = var.tags
}

resource "aws_autoscaling_group" "runner" {
  name                      = "${var.name}-gitlab-runner"
  min_size                  = 1
  max_size                  = 1
  desired_capacity          = 1
  vpc_zone_identifier       = var.subnet_ids
  health_check_type         = "EC2"
  health_check_grace_period = 300
  # The runner registers itself after boot; nothing to wait for at apply time.
  wait_for_capacity_timeout = "0"

  launch_template {
    id      = aws_launch_template.runner.id
    version = aws_launch_template.runner.latest_version
  }

  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 0
    }
  }

  dynamic "tag" {
    for_each = merge(var.tags, { Name = "${var.name}-gitlab-runner" })
    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = false
    }
  }
}
