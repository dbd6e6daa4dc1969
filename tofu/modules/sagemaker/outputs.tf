output "execution_role_arns" {
  description = "ARNs of the SageMaker execution roles, by tier (candidate, production)."
  value       = { for k, r in aws_iam_role.execution : k => r.arn }
}

output "artifact_bucket" {
  description = "Name of the artifact bucket (CI variable MLOPS_BUCKET)."
  value       = module.artifact_bucket.id
}

output "artifact_bucket_arn" {
  description = "ARN of the artifact bucket."
  value       = module.artifact_bucket.arn
}

output "artifact_prefixes" {
  description = "Key prefix each tier writes under in the artifact bucket (candidate: candidates/PR-<IID>/..., production: stable/...)."
  value       = local.tiers
}

output "access_log_bucket" {
  description = "Bucket that receives the artifact bucket's server access logs."
  value       = module.access_log_bucket.id
}

output "ecr_repository_urls" {
  description = "ECR repository URLs, by short name."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "ecr_repository_arns" {
  description = "ECR repository ARNs."
  value       = [for r in aws_ecr_repository.this : r.arn]
}

output "model_package_group_names" {
  description = "Model package groups of the registry."
  value       = [for g in aws_sagemaker_model_package_group.this : g.model_package_group_name]
}

output "ecr_repository_names" {
  description = "ECR repository names (<name>/<short name>), by short name: what CI pushes to."
  value       = { for k, r in aws_ecr_repository.this : k => r.name }
}

output "ecr_registry" {
  description = "The ECR registry host of the repositories (<account>.dkr.ecr.<region>.amazonaws.com), null without repositories."
  value       = length(aws_ecr_repository.this) == 0 ? null : split("/", values(aws_ecr_repository.this)[0].repository_url)[0]
}
