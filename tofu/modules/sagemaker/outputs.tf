output "execution_role_arn" {
  description = "ARN of the SageMaker execution role (CI variable MLOPS_SAGEMAKER_ROLE_ARN)."
  value       = aws_iam_role.execution.arn
}

output "execution_role_name" {
  description = "Name of the SageMaker execution role."
  value       = aws_iam_role.execution.name
}

output "artifact_bucket" {
  description = "Name of the artifact bucket (CI variable MLOPS_BUCKET)."
  value       = module.artifact_bucket.id
}

output "artifact_bucket_arn" {
  description = "ARN of the artifact bucket."
  value       = module.artifact_bucket.arn
}

output "artifact_prefix" {
  description = "Key prefix the pipelines write under."
  value       = var.artifact_prefix
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
