variable "name" {
  description = "Name prefix of the SageMaker resources (roles, bucket, repositories, groups)."
  type        = string
}

variable "kms_key_arn" {
  description = "ARN of the project KMS key (bucket, repositories, log access)."
  type        = string
}

variable "access_log_retention_days" {
  description = "Days the artifact bucket's server access logs are kept."
  type        = number
  default     = 365
}

variable "ecr_repositories" {
  description = "ECR repository names (without the name prefix) for training and inference images."
  type        = list(string)
  default     = ["training", "inference"]
}

variable "ecr_keep_images" {
  description = "Tagged images each ECR repository keeps; older ones expire."
  type        = number
  default     = 30
}

variable "model_package_groups" {
  description = "Model package group names (without the name prefix) to create in the SageMaker model registry."
  type        = list(string)
  default     = ["models"]
}

variable "artifact_retention_days" {
  description = "Days noncurrent artifact versions are kept."
  type        = number
  default     = 30
}

variable "force_destroy_bucket" {
  description = "Let destroy delete the artifact bucket while it still holds artifacts."
  type        = bool
  default     = false
}

variable "create_autoscaling_service_linked_role" {
  description = "Create Application Auto Scaling's service-linked role for SageMaker endpoints (once per account)."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
