output "oidc_provider_arn" {
  description = "ARN of the IAM OIDC provider for GitLab."
  value       = aws_iam_openid_connect_provider.gitlab.arn
}

output "production_role_arn" {
  description = "Role for main-branch pipelines (CI variable MLOPS_PRODUCTION_ROLE_ARN)."
  value       = aws_iam_role.production.arn
}

output "candidate_role_arn" {
  description = "Role for merge-request pipelines (CI variable MLOPS_CANDIDATE_ROLE_ARN)."
  value       = aws_iam_role.candidate.arn
}

output "audience" {
  description = "The aud value CI jobs must request in id_tokens."
  value       = local.audience
}
