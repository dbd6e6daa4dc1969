variable "name" {
  description = "Name prefix of the CI roles."
  type        = string
}

variable "gitlab_url" {
  description = "HTTPS URL of the GitLab instance that issues the ID tokens (the OIDC issuer), without a trailing slash."
  type        = string

  validation {
    condition     = can(regex("^https://[a-z0-9.-]+(:[0-9]+)?$", var.gitlab_url))
    error_message = "gitlab_url must be an https:// URL with a host name and no path or trailing slash (AWS fetches the OIDC discovery document from it)."
  }
}

# The one place the audience is defined: the IAM OIDC provider's client ID, the trust policies' aud condition and the
# ci_variables output all read it, and the templates' id_tokens request the same literal (a contract test compares them).
# A fixed value rather than the GitLab URL, so a generated project works on any GitLab instance without an edit.
variable "audience" {
  description = "The aud claim CI jobs request in id_tokens (the templates request sts.amazonaws.com)."
  type        = string
  default     = "sts.amazonaws.com"
  nullable    = false

  validation {
    condition     = can(regex("^[^*\\s]+$", var.audience))
    error_message = "audience must be one value without wildcards or spaces."
  }
}

variable "thumbprints" {
  description = "TLS thumbprints of the issuer. Empty lets AWS trust the issuer's CA from its own store (Let's Encrypt is in it)."
  type        = list(string)
  default     = []
}

variable "project_paths" {
  description = "GitLab projects (group/project) whose pipelines may assume the roles."
  type        = list(string)

  validation {
    condition     = length(var.project_paths) > 0 && alltrue([for p in var.project_paths : can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$", p))])
    error_message = "project_paths must list one or more paths such as my-group/my-project, without wildcards."
  }
}

variable "production_ref" {
  description = "Branch whose pipelines may assume the production role."
  type        = string
  default     = "main"
}

variable "sagemaker_resource_prefix" {
  description = "Name prefix of the SageMaker resources CI creates (training jobs, models, endpoints...)."
  type        = string
}

variable "sagemaker_role_arns" {
  description = "The SageMaker execution roles by tier (candidate, production): each CI role may pass only its own."
  type        = map(string)

  validation {
    condition     = toset(keys(var.sagemaker_role_arns)) == toset(["candidate", "production"])
    error_message = "sagemaker_role_arns must have exactly the keys candidate and production."
  }
}

variable "artifact_bucket_arn" {
  description = "ARN of the artifact bucket."
  type        = string
}

variable "artifact_prefixes" {
  description = "Key prefix each tier writes under in the artifact bucket, anchored at the start of the key (candidate, production)."
  type        = map(string)

  validation {
    condition     = toset(keys(var.artifact_prefixes)) == toset(["candidate", "production"]) && alltrue([for p in values(var.artifact_prefixes) : !strcontains(p, "*")])
    error_message = "artifact_prefixes must have exactly the keys candidate and production, without wildcards."
  }
}

variable "ecr_repository_arns" {
  description = "ECR repositories CI pushes images to."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "ARN of the project KMS key."
  type        = string
}

variable "max_session_duration" {
  description = "Maximum session of a CI role, in seconds (a training job may outlive a short session: the SDK re-assumes)."
  type        = number
  default     = 3600
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
