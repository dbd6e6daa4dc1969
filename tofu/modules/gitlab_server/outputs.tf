output "instance_id" {
  description = "ID of the GitLab EC2 instance (target of `aws ssm start-session`)."
  value       = aws_instance.this.id
}

output "external_url" {
  description = "URL GitLab answers on."
  value       = local.external_url
}

output "public_ip" {
  description = "Elastic IP of the server."
  value       = aws_eip.this.public_ip
}

output "private_ip" {
  description = "Private IP of the server."
  value       = aws_instance.this.private_ip
}

output "security_group_id" {
  description = "Security group of the server."
  value       = aws_security_group.server.id
}

output "root_password_parameter" {
  description = "Name of the SSM SecureString parameter that holds the root password (the name only, never the value)."
  value       = aws_ssm_parameter.root_password.name
}

output "runner_token_parameter" {
  description = "Name of the SSM SecureString parameter that holds the runner authentication token."
  value       = aws_ssm_parameter.runner_token.name
}

output "runner_token_parameter_arn" {
  description = "ARN of the runner token parameter, for the runner's read permission."
  value       = aws_ssm_parameter.runner_token.arn
}

output "secret_placeholder" {
  description = "Marker value the SSM parameters hold until the server writes the real secret."
  value       = local.placeholder
}

output "backup_bucket" {
  description = "Name of the backup bucket."
  value       = module.backup_bucket.id
}

output "secrets_backup_bucket" {
  description = "Name of the bucket of configuration and secrets backups (its own KMS key)."
  value       = module.secrets_backup_bucket.id
}

output "secrets_backup_key_arn" {
  description = "ARN of the KMS key of the secrets backups."
  value       = aws_kms_key.secrets_backup.arn
}

output "log_group_names" {
  description = "CloudWatch log groups of the server."
  value       = [for g in aws_cloudwatch_log_group.this : g.name]
}

output "data_volume_id" {
  description = "ID of the EBS data volume mounted at /var/opt/gitlab."
  value       = aws_ebs_volume.data.id
}
