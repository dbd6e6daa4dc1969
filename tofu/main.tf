data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  name       = var.project_name
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  tags       = merge({ Project = var.project_name, ManagedBy = "opentofu" }, var.tags)

  azs = slice(data.aws_availability_zones.available.names, 0, min(var.availability_zone_count, length(data.aws_availability_zones.available.names)))

  private_zone_name = "${var.project_name}.local"
  gitlab_https_url  = "https://${var.gitlab_domain}"
  enable_ci_oidc    = length(var.gitlab_project_paths) > 0
}

module "network" {
  source = "./modules/network"

  name               = local.name
  vpc_cidr           = var.vpc_cidr
  availability_zones = local.azs
  enable_nat_gateway = var.enable_nat_gateway
  kms_key_arn        = aws_kms_key.project.arn
  log_retention_days = var.log_retention_days
}

module "gitlab_server" {
  source = "./modules/gitlab_server"

  name                  = local.name
  vpc_id                = module.network.vpc_id
  subnet_id             = module.network.public_subnet_ids[0]
  availability_zone     = local.azs[0]
  instance_type         = var.gitlab_instance_type
  ami_id                = var.ami_id
  root_volume_size_gb   = var.gitlab_root_volume_size_gb
  data_volume_size_gb   = var.gitlab_data_volume_size_gb
  kms_key_arn           = aws_kms_key.project.arn
  domain_name           = var.gitlab_domain
  public_zone_id        = var.route53_public_zone_id
  letsencrypt_email     = var.letsencrypt_email
  admin_ssh_cidr        = var.admin_ssh_cidr
  log_retention_days    = var.log_retention_days
  backup_retention_days = var.backup_retention_days
  gitlab_package        = var.gitlab_package
  gitlab_version        = var.gitlab_version
  force_destroy_backups = var.force_destroy_buckets

  private_record = var.create_private_zone ? {
    zone_id = aws_route53_zone.private[0].zone_id
    name    = "gitlab.${local.private_zone_name}"
  } : null
}

module "gitlab_runner" {
  source = "./modules/gitlab_runner"

  name = local.name
  # Without a NAT gateway the private subnets have no way out, so the runner sits in the public ones
  # (it has a public address but no ingress rule at all).
  subnet_ids                 = var.enable_nat_gateway ? module.network.private_subnet_ids : module.network.public_subnet_ids
  assign_public_ip           = !var.enable_nat_gateway
  vpc_id                     = module.network.vpc_id
  instance_type              = var.runner_instance_type
  ami_id                     = var.ami_id
  kms_key_arn                = aws_kms_key.project.arn
  gitlab_url                 = module.gitlab_server.external_url
  runner_token_parameter     = module.gitlab_server.runner_token_parameter
  runner_token_parameter_arn = module.gitlab_server.runner_token_parameter_arn
  secret_placeholder         = module.gitlab_server.secret_placeholder
  log_retention_days         = var.log_retention_days
}

module "sagemaker" {
  source = "./modules/sagemaker"

  name                 = local.name
  kms_key_arn          = aws_kms_key.project.arn
  ecr_repositories     = var.ecr_repositories
  model_package_groups = var.model_package_groups
  force_destroy_bucket = var.force_destroy_buckets

  create_autoscaling_service_linked_role = var.create_autoscaling_service_linked_role
}

module "ci_oidc" {
  source = "./modules/ci_oidc"
  count  = local.enable_ci_oidc ? 1 : 0

  name                      = local.name
  gitlab_url                = local.gitlab_https_url
  audience                  = var.ci_audience
  project_paths             = var.gitlab_project_paths
  sagemaker_resource_prefix = local.name
  sagemaker_role_arns       = module.sagemaker.execution_role_arns
  artifact_bucket_arn       = module.sagemaker.artifact_bucket_arn
  artifact_prefixes         = module.sagemaker.artifact_prefixes
  ecr_repository_arns       = module.sagemaker.ecr_repository_arns
  kms_key_arn               = aws_kms_key.project.arn
}
