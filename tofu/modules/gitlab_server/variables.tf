variable "name" {
  description = "Name prefix for every resource of the GitLab server."
  type        = string
}

variable "vpc_id" {
  description = "ID of the VPC the server lives in."
  type        = string
}

variable "subnet_id" {
  description = "ID of the public subnet that holds the server (it is reached through its Elastic IP)."
  type        = string
}

variable "availability_zone" {
  description = "Availability zone of subnet_id; the data volume must live in the same zone."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type of the server. GitLab needs 8 GiB of memory or more."
  type        = string
  default     = "t3.large"
}

variable "ami_id" {
  description = "AMI to boot. Null looks up the newest Canonical Ubuntu 22.04 (jammy) amd64 image."
  type        = string
  default     = null
}

variable "root_volume_size_gb" {
  description = "Size of the encrypted root volume, in GiB."
  type        = number
  default     = 30
}

variable "data_volume_size_gb" {
  description = "Size of the encrypted EBS data volume mounted at /var/opt/gitlab, in GiB."
  type        = number
  default     = 100
}

variable "kms_key_arn" {
  description = "ARN of the project KMS key: volumes, log groups, SSM parameters and the backup bucket use it."
  type        = string
}

variable "domain_name" {
  description = "Public DNS name of GitLab (for example gitlab.example.com). GitLab serves HTTPS on it with a Let's Encrypt certificate, and redirects HTTP to it."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase DNS name such as gitlab.example.com: GitLab is served over HTTPS only."
  }
}

variable "public_zone_id" {
  description = "Route53 public hosted zone that receives an A record for domain_name. Null manages no public record."
  type        = string
  default     = null
}

variable "private_record" {
  description = "A record to add to a Route53 private hosted zone (zone_id, and name such as gitlab.mlops.local). Null adds none."
  type = object({
    zone_id = string
    name    = string
  })
  default = null
}

variable "letsencrypt_email" {
  description = "Contact address given to Let's Encrypt. Null registers without one."
  type        = string
  default     = null
}

variable "admin_ssh_cidr" {
  description = "CIDR allowed to reach port 22. Null (the default) keeps SSH closed: use Session Manager."
  type        = string
  default     = null
}

variable "log_retention_days" {
  description = "Retention of the server's CloudWatch log groups, in days."
  type        = number
  default     = 90
}

variable "backup_retention_days" {
  description = "Days a backup stays in the backup bucket."
  type        = number
  default     = 30
}

variable "gitlab_package" {
  description = "Omnibus package to install: gitlab-ce or gitlab-ee."
  type        = string
  default     = "gitlab-ce"

  validation {
    condition     = contains(["gitlab-ce", "gitlab-ee"], var.gitlab_package)
    error_message = "gitlab_package must be gitlab-ce or gitlab-ee."
  }
}

variable "gitlab_version" {
  description = "Omnibus package version (such as 17.11.1-ce.0). Empty installs the newest."
  type        = string
  default     = ""
}

variable "force_destroy_backups" {
  description = "Let destroy delete the backup bucket while it still holds backups."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
