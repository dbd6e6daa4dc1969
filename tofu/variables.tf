# Every setting of the stack lives here, with a default. Copy terraform.tfvars.example to terraform.tfvars to change them.

variable "project_name" {
  description = "Short name used as the prefix of every resource (lowercase letters, digits, hyphens)."
  type        = string
  default     = "mlops"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.project_name))
    error_message = "project_name must be 3-20 characters: lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen."
  }
}

variable "region" {
  description = "AWS region of the stack."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "tags" {
  description = "Tags added to every resource, on top of Project and ManagedBy."
  type        = map(string)
  default     = {}
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC (/16 to /24); public and private subnets are carved from it."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrnetmask(var.vpc_cidr)) && can(regex("^[0-9.]+/(1[6-9]|2[0-4])$", var.vpc_cidr))
    error_message = "vpc_cidr must be a valid IPv4 CIDR between /16 and /24, such as 10.20.0.0/16."
  }
}

variable "availability_zone_count" {
  description = "Number of availability zones the network spans (2 to 4)."
  type        = number
  default     = 2

  validation {
    condition     = var.availability_zone_count >= 2 && var.availability_zone_count <= 4 && floor(var.availability_zone_count) == var.availability_zone_count
    error_message = "availability_zone_count must be a whole number from 2 to 4: the network is multi-AZ."
  }
}

variable "enable_nat_gateway" {
  description = "Create a NAT gateway for the private subnets (costs money every hour). Without it the runner uses a public subnet and a public IP, with no ingress."
  type        = bool
  default     = false
}

variable "gitlab_instance_type" {
  description = "EC2 instance type of the GitLab server (8 GiB of memory or more)."
  type        = string
  default     = "t3.large"

  validation {
    condition     = can(regex("^(t3|t3a|m5|m5a|m6i|m6a|m7i|m7a|r5|r6i|r7i|c6i|c7i)\\.(large|xlarge|[248]xlarge)$", var.gitlab_instance_type)) && !can(regex("^c[67]i\\.large$", var.gitlab_instance_type))
    error_message = "gitlab_instance_type must be an x86 type with 8 GiB of memory or more, such as t3.large, t3.xlarge, m6i.large or m7i.xlarge."
  }
}

variable "runner_instance_type" {
  description = "EC2 instance type of the runner host."
  type        = string
  default     = "t3.medium"

  validation {
    condition     = can(regex("^(t3|t3a|m5|m5a|m6i|m6a|m7i|m7a|c5|c6i|c7i|r6i)\\.(medium|large|xlarge|[248]xlarge)$", var.runner_instance_type))
    error_message = "runner_instance_type must be an x86 instance type such as t3.medium, t3.large or c6i.xlarge."
  }
}

variable "ami_id" {
  description = "AMI for both hosts. Null finds the newest Canonical Ubuntu 22.04 amd64 image."
  type        = string
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must look like ami-0123456789abcdef0, or be null."
  }
}

variable "gitlab_root_volume_size_gb" {
  description = "Root volume of the GitLab server, in GiB."
  type        = number
  default     = 30

  validation {
    condition     = var.gitlab_root_volume_size_gb >= 20 && var.gitlab_root_volume_size_gb <= 1024
    error_message = "gitlab_root_volume_size_gb must be between 20 and 1024."
  }
}

variable "gitlab_data_volume_size_gb" {
  description = "EBS data volume of the GitLab server (repositories, database, uploads), in GiB."
  type        = number
  default     = 100

  validation {
    condition     = var.gitlab_data_volume_size_gb >= 20 && var.gitlab_data_volume_size_gb <= 16384
    error_message = "gitlab_data_volume_size_gb must be between 20 and 16384 (the gp3 limit)."
  }
}

variable "gitlab_domain" {
  description = "Public DNS name of GitLab, such as gitlab.example.com (required). GitLab serves HTTPS on it with a Let's Encrypt certificate, and it is the OIDC issuer CI signs in to AWS with."
  type        = string
  default     = null

  # Required on purpose: without a name there is no trusted certificate, so GitLab would serve plain HTTP on a public
  # IP (passwords and tokens in clear) and AWS STS would refuse its OIDC tokens.
  validation {
    condition     = var.gitlab_domain != null
    error_message = "gitlab_domain is required: set it to a DNS name you control, such as gitlab.example.com (GitLab is served over HTTPS only, and AWS STS trusts CI's OIDC tokens only from an HTTPS issuer with a trusted certificate)."
  }

  validation {
    condition     = var.gitlab_domain == null || can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", coalesce(var.gitlab_domain, "x")))
    error_message = "gitlab_domain must be a lowercase DNS name such as gitlab.example.com (no scheme, no path, no trailing dot)."
  }
}

variable "route53_public_zone_id" {
  description = "Route53 public hosted zone that gets the A record for gitlab_domain. Null leaves public DNS to you."
  type        = string
  default     = null

  validation {
    condition     = var.route53_public_zone_id == null || can(regex("^Z[A-Z0-9]{1,31}$", var.route53_public_zone_id))
    error_message = "route53_public_zone_id must be a hosted zone ID such as Z0123456789ABCDEFGHIJ."
  }
}

variable "create_private_zone" {
  description = "Create a Route53 private hosted zone <project_name>.local with gitlab.<project_name>.local pointing at the server."
  type        = bool
  default     = true
}

variable "letsencrypt_email" {
  description = "Contact e-mail for Let's Encrypt (expiry notices). Null registers without one."
  type        = string
  default     = null

  validation {
    condition     = var.letsencrypt_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[a-z]{2,}$", var.letsencrypt_email))
    error_message = "letsencrypt_email must be an e-mail address."
  }
}

variable "admin_ssh_cidr" {
  description = "CIDR allowed to SSH to the GitLab server. Null (default) keeps port 22 closed: use Session Manager. 0.0.0.0/0 is refused."
  type        = string
  default     = null

  validation {
    condition     = var.admin_ssh_cidr == null || (can(cidrnetmask(var.admin_ssh_cidr)) && !startswith(coalesce(var.admin_ssh_cidr, "x"), "0.0.0.0/"))
    error_message = "admin_ssh_cidr must be a valid IPv4 CIDR of your administrator network (not 0.0.0.0/0), or null."
  }
}

variable "log_retention_days" {
  description = "Retention of every CloudWatch log group, in days (a value CloudWatch accepts)."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "backup_retention_days" {
  description = "Days GitLab backups stay in the backup bucket."
  type        = number
  default     = 30

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 3650
    error_message = "backup_retention_days must be between 1 and 3650."
  }
}

variable "gitlab_package" {
  description = "Omnibus package: gitlab-ce or gitlab-ee."
  type        = string
  default     = "gitlab-ce"

  validation {
    condition     = contains(["gitlab-ce", "gitlab-ee"], var.gitlab_package)
    error_message = "gitlab_package must be gitlab-ce or gitlab-ee."
  }
}

variable "gitlab_version" {
  description = "Omnibus package version to pin (such as 17.11.1-ce.0). Empty installs the newest."
  type        = string
  default     = ""

  validation {
    condition     = var.gitlab_version == "" || can(regex("^[0-9]+\\.[0-9]+\\.[0-9]+-(ce|ee)\\.[0-9]+$", var.gitlab_version))
    error_message = "gitlab_version must be empty (newest) or an Omnibus package version such as 17.11.1-ce.0."
  }
}

variable "gitlab_project_paths" {
  description = "GitLab projects (group/project) whose pipelines may assume the CI roles through OIDC. Empty creates no CI role."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for p in var.gitlab_project_paths : can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$", p))])
    error_message = "gitlab_project_paths must hold full project paths such as my-group/my-project, without wildcards."
  }
}

variable "ci_audience" {
  description = "The aud claim CI jobs request in id_tokens. Null keeps the module default, sts.amazonaws.com, which the templates request; change both together."
  type        = string
  default     = null

  validation {
    condition     = var.ci_audience == null || can(regex("^[^*\\s]+$", var.ci_audience))
    error_message = "ci_audience must be one value without wildcards or spaces, or null."
  }
}

variable "ecr_repositories" {
  description = "ECR repositories (<project_name>/<name>): training and inference are required, for the templates' training and serving images."
  type        = list(string)
  default     = ["training", "inference"]

  validation {
    condition     = alltrue([for r in var.ecr_repositories : can(regex("^[a-z0-9]+([._-][a-z0-9]+)*$", r))])
    error_message = "ecr_repositories must be lowercase names such as training or inference."
  }

  # The templates push the training image to MLOPS_TRAINING_REPOSITORY and the serving image to
  # MLOPS_SERVING_REPOSITORY (ci_variables): those two must exist.
  validation {
    condition     = contains(var.ecr_repositories, "training") && contains(var.ecr_repositories, "inference")
    error_message = "ecr_repositories must hold training and inference: the CI variables MLOPS_TRAINING_REPOSITORY and MLOPS_SERVING_REPOSITORY name them."
  }
}

variable "model_package_groups" {
  description = "SageMaker model package groups to create."
  type        = list(string)
  default     = ["models"]

  validation {
    condition     = alltrue([for g in var.model_package_groups : can(regex("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,40}$", g))])
    error_message = "model_package_groups must be names of letters, digits and hyphens (up to 41 characters, the project prefix is added)."
  }
}

variable "create_autoscaling_service_linked_role" {
  description = "Create Application Auto Scaling's service-linked role for SageMaker endpoints, which endpoint auto-scaling needs (once per account: set false when the account already has AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint). CI roles get no IAM power to create it themselves."
  type        = bool
  default     = true
}

variable "enable_cloudtrail" {
  description = "Record the account's API calls with a multi-region CloudTrail trail into an encrypted bucket."
  type        = bool
  default     = true
}

variable "force_destroy_buckets" {
  description = "Let destroy delete buckets that still hold objects (backups, artifacts, audit logs). Keep false outside test accounts."
  type        = bool
  default     = false
}
