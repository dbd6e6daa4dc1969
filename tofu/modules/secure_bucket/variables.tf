variable "bucket_name" {
  description = "Globally unique name of the bucket."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit."
  }
}

variable "kms_key_arn" {
  description = "ARN of the KMS key used for SSE-KMS. Null means SSE-S3, only for buckets that receive S3 server access logs."
  type        = string
}

variable "access_logs" {
  description = "Where this bucket's S3 server access logs go: target_bucket (under the prefix <bucket_name>/). Null logs nothing. An object, so that whether to log is known at plan time even while the target's name is not."
  type = object({
    target_bucket = string
  })
  default = null
}

variable "receives_access_logs_from" {
  description = "ARNs of the buckets whose server access logs this bucket receives (lets logging.s3.amazonaws.com write)."
  type        = list(string)
  default     = []
}

variable "expiration_days" {
  description = "Delete current objects after this many days; null keeps them."
  type        = number
  default     = null
}

variable "noncurrent_version_expiration_days" {
  description = "Delete noncurrent object versions after this many days."
  type        = number
  default     = 30
}

variable "abort_incomplete_multipart_upload_days" {
  description = "Abort multipart uploads left incomplete for this many days."
  type        = number
  default     = 7
}

variable "extra_policy_statements" {
  description = "IAM policy statements appended to the TLS-only bucket policy (for example the CloudTrail write grant)."
  type        = any
  default     = []
}

variable "force_destroy" {
  description = "Allow destroy to delete a bucket that still holds objects. Off by default: backups and artifacts must not vanish."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
