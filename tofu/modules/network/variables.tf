variable "name" {
  description = "Name prefix for every resource of the network."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC. Subnets are carved from it with cidrsubnet (newbits 4: a /16 gives /20 subnets)."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be a valid IPv4 CIDR with a prefix length between /16 and /24, such as 10.20.0.0/16."
  }
}

variable "availability_zones" {
  description = "Availability zones to spread the subnets over (two or more)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "availability_zones must list at least two zones: the network is multi-AZ."
  }
}

variable "enable_nat_gateway" {
  description = "Create one NAT gateway so private subnets reach the internet. Off by default: it costs money every hour."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "ARN of the project KMS key that encrypts the flow-log group."
  type        = string
}

variable "log_retention_days" {
  description = "Retention of the VPC flow-log group, in days."
  type        = number
  default     = 90
}

variable "tags" {
  description = "Tags added to every resource."
  type        = map(string)
  default     = {}
}
