output "id" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
}

output "policy" {
  description = "The bucket policy document (JSON)."
  value       = aws_s3_bucket_policy.this.policy
}

output "access_log_target" {
  description = "Bucket that receives this bucket's server access logs, or null."
  value       = one(aws_s3_bucket_logging.this[*].target_bucket)
}

output "sse_algorithm" {
  description = "Default encryption of the bucket: aws:kms, or AES256 for a bucket that receives access logs."
  value       = one(aws_s3_bucket_server_side_encryption_configuration.this.rule).apply_server_side_encryption_by_default[0].sse_algorithm
}
