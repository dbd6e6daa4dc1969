variable "name" {
  description = "Name prefix for every resource of the runner."
  type        = string
}

variable "vpc_id" {
  description = "ID of the VPC the runner lives in."
  type        = string
}

variable "subnet_ids" {
  description = "Subnets the autoscaling group may launch the runner into."
  type        = list(string)
}

variable "assign_public_ip" {
  description = "Give the runner a public address. Needed in public subnets when there is no NAT gateway; the runner has no ingress rule either way."
  type        = bool
  default     = true
}

variable "instance_type" {
  description = "EC2 instance type of the runner host."
  type        = string
  default     = "t3.medium"
}

variable "ami_id" {
  description = "AMI to boot. Null looks up the newest Canonical Ubuntu 22.04 (jammy) amd64 image."
  type        = string
  default     = null
}

variable "root_volume_size_gb" {
  description = "Size of the encrypted root volume (Docker images and build folders), in GiB."
  type        = number
  default     = 50
}

variable "kms_key_arn" {
  description = "ARN of the project KMS key."
  type        = string
}

variable "gitlab_url" {
  description = "URL of the GitLab server the runner registers with."
  type        = string
}

variable "runner_token_parameter" {
  description = "Name of the SSM SecureString parameter holding the runner authentication token."
  type        = string
}

variable "runner_token_parameter_arn" {
  description = "ARN of that parameter, for the runner's read permission."
  type        = string
}

variable "secret_placeholder" {
  description = "Marker the token parameter holds until the token is written; the runner waits while it sees it."
  type        = string
}

variable "concurrent_jobs" {
  description = "Jobs the runner runs at once."
  type        = number
  default     = 2
}

variable "default_image" {
  description = "Docker image for jobs that name none."
  type        = string
  default     = "alpine:3.20"
}

variable "cache_retention_days" {
  description = "Days a CI cache object stays in the cache bucket."
  type        = number
  default     = 14
}

variable "log_retention_days" {
  description = "Retention of the runner log group, in days."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
