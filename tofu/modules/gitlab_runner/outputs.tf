output "autoscaling_group_name" {
  description = "Autoscaling group (of one) that keeps the runner host alive."
  value       = aws_autoscaling_group.runner.name
}

output "security_group_id" {
  description = "Security group of the runner."
  value       = aws_security_group.runner.id
}

output "cache_bucket" {
  description = "S3 bucket of the CI cache."
  value       = module.cache_bucket.id
}

output "role_arn" {
  description = "Instance role of the runner host."
  value       = aws_iam_role.runner.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the runner."
  value       = aws_cloudwatch_log_group.runner.name
}
