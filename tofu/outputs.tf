output "region" {
  description = "AWS region of the stack (CI variable AWS_REGION)."
  value       = var.region
}

output "gitlab_url" {
  description = "URL of GitLab."
  value       = module.gitlab_server.external_url
}

output "gitlab_private_name" {
  description = "Private DNS name of the server inside the VPC, when the private zone exists."
  value       = var.create_private_zone ? "gitlab.${local.private_zone_name}" : null
}

output "gitlab_instance_id" {
  description = "Instance ID of the GitLab server (for Session Manager)."
  value       = module.gitlab_server.instance_id
}

output "gitlab_public_ip" {
  description = "Elastic IP of the GitLab server (point gitlab_domain's A record here if Route53 does not manage it)."
  value       = module.gitlab_server.public_ip
}

output "root_password_parameter" {
  description = "SSM SecureString parameter that holds the GitLab root password: the name, never the value."
  value       = module.gitlab_server.root_password_parameter
}

output "runner_token_parameter" {
  description = "SSM SecureString parameter that holds the runner authentication token: the name, never the value."
  value       = module.gitlab_server.runner_token_parameter
}

output "runner_autoscaling_group" {
  description = "Autoscaling group of the runner host."
  value       = module.gitlab_runner.autoscaling_group_name
}

output "backup_bucket" {
  description = "Bucket that receives GitLab's data backups (repositories, database, uploads)."
  value       = module.gitlab_server.backup_bucket
}

output "secrets_backup_bucket" {
  description = "Bucket that receives GitLab's configuration and secrets backups (gitlab-secrets.json), under its own KMS key."
  value       = module.gitlab_server.secrets_backup_bucket
}

output "artifact_access_log_bucket" {
  description = "Bucket that receives the artifact bucket's S3 server access logs."
  value       = module.sagemaker.access_log_bucket
}

output "cloudtrail_log_group" {
  description = "CloudWatch log group CloudTrail delivers the audit trail to (null without enable_cloudtrail)."
  value       = var.enable_cloudtrail ? aws_cloudwatch_log_group.audit[0].name : null
}

output "kms_key_arn" {
  description = "ARN of the project KMS key."
  value       = aws_kms_key.project.arn
}

output "sagemaker_execution_role_arns" {
  description = "SageMaker execution roles by tier: candidate (CI variable MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN) and production (MLOPS_SAGEMAKER_PRODUCTION_ROLE_ARN)."
  value       = module.sagemaker.execution_role_arns
}

output "artifact_bucket" {
  description = "Artifact bucket (CI variable MLOPS_BUCKET)."
  value       = module.sagemaker.artifact_bucket
}

output "ecr_repository_urls" {
  description = "ECR repositories for the training and inference images."
  value       = module.sagemaker.ecr_repository_urls
}

output "model_package_groups" {
  description = "SageMaker model package groups."
  value       = module.sagemaker.model_package_group_names
}

output "ci_production_role_arn" {
  description = "Role main-branch pipelines assume through OIDC (null without gitlab_domain and gitlab_project_paths)."
  value       = local.enable_ci_oidc ? module.ci_oidc[0].production_role_arn : null
}

output "ci_candidate_role_arn" {
  description = "Role merge-request pipelines assume through OIDC (null without gitlab_domain and gitlab_project_paths)."
  value       = local.enable_ci_oidc ? module.ci_oidc[0].candidate_role_arn : null
}

output "ecr_registry" {
  description = "ECR registry host (CI variable MLOPS_ECR_REGISTRY)."
  value       = module.sagemaker.ecr_registry
}

output "ci_audience" {
  description = "The aud claim the CI roles trust; the templates' id_tokens request the same value."
  value       = local.enable_ci_oidc ? module.ci_oidc[0].audience : null
}

# The contract with the templates: every variable a generated project reads in AWS mode, under the name it reads.
# tofu/ops.sh ci-variables turns this into a project's GitLab CI/CD variables; the template contract test
# (tests/MlOps.Templates.Tests, TofuContractTests) fails when a template reads a variable that is missing here.
# None is a secret: roles are assumed through OIDC, never with static keys.
output "ci_variables" {
  description = "The CI/CD variables of a generated project (null values need gitlab_domain and gitlab_project_paths, or a model package group)."
  value = {
    MLOPS_MODE                = "aws"
    AWS_REGION                = var.region
    MLOPS_PRODUCTION_ROLE_ARN = local.enable_ci_oidc ? module.ci_oidc[0].production_role_arn : null
    MLOPS_CANDIDATE_ROLE_ARN  = local.enable_ci_oidc ? module.ci_oidc[0].candidate_role_arn : null
    MLOPS_OIDC_AUDIENCE       = local.enable_ci_oidc ? module.ci_oidc[0].audience : null
    # Each tier runs its SageMaker jobs as its own role; the templates' workflow:rules pick one into
    # MLOPS_SAGEMAKER_ROLE_ARN (never a project variable: it would override them).
    MLOPS_SAGEMAKER_CANDIDATE_ROLE_ARN  = module.sagemaker.execution_role_arns.candidate
    MLOPS_SAGEMAKER_PRODUCTION_ROLE_ARN = module.sagemaker.execution_role_arns.production
    MLOPS_BUCKET                        = module.sagemaker.artifact_bucket
    MLOPS_ECR_REGISTRY                  = module.sagemaker.ecr_registry
    MLOPS_TRAINING_REPOSITORY           = module.sagemaker.ecr_repository_names["training"]
    MLOPS_SERVING_REPOSITORY            = module.sagemaker.ecr_repository_names["inference"]
    MLOPS_MODEL_PACKAGE_GROUP           = length(module.sagemaker.model_package_group_names) > 0 ? module.sagemaker.model_package_group_names[0] : null
  }
}

output "ssm_session_command" {
  description = "Opens a shell on the GitLab server through Session Manager (no SSH)."
  value       = "aws ssm start-session --region ${var.region} --target ${module.gitlab_server.instance_id}"
}

output "root_password_command" {
  description = "Prints the GitLab root password from SSM (needs ssm:GetParameter and kms:Decrypt)."
  value       = "aws ssm get-parameter --region ${var.region} --name ${module.gitlab_server.root_password_parameter} --with-decryption --query Parameter.Value --output text"
}

output "gitlab_log_groups" {
  description = "CloudWatch log groups of the GitLab server (system, bootstrap, gitlab, nginx)."
  value       = module.gitlab_server.log_group_names
}

output "gitlab_data_volume_id" {
  description = "EBS data volume of GitLab (snapshot it before a destroy)."
  value       = module.gitlab_server.data_volume_id
}
