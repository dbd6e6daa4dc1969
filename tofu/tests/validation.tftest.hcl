# Bad settings are refused by validation blocks, before any call to AWS. Each run sets one bad value per variable
# and expects exactly those variables to fail (a full plan per bad value would take minutes).

mock_provider "aws" {
  override_during = plan
  source          = "./tests/mocks/stack"
}

run "first_kind_of_bad_value_for_each_setting" {
  command = plan

  variables {
    project_name               = "MLOps!"
    region                     = "us-east"
    vpc_cidr                   = "10.20.0.0/33"
    availability_zone_count    = 1
    gitlab_instance_type       = "t3.micro"
    runner_instance_type       = "t2 medium"
    ami_id                     = "ubuntu-22.04"
    gitlab_root_volume_size_gb = 8
    gitlab_data_volume_size_gb = 5
    gitlab_domain              = "https://gitlab.example.com"
    route53_public_zone_id     = "example.com"
    letsencrypt_email          = "ops-at-example"
    admin_ssh_cidr             = "0.0.0.0/0"
    log_retention_days         = 10
    backup_retention_days      = 0
    gitlab_package             = "gitlab"
    gitlab_version             = "latest"
    gitlab_project_paths       = ["ml-team/*"]
    ci_audience                = "*"
    ecr_repositories           = ["Training Images"]
    model_package_groups       = ["models_v1"]
  }

  expect_failures = [
    var.project_name,
    var.region,
    var.vpc_cidr,
    var.availability_zone_count,
    var.gitlab_instance_type,
    var.runner_instance_type,
    var.ami_id,
    var.gitlab_root_volume_size_gb,
    var.gitlab_data_volume_size_gb,
    var.gitlab_domain,
    var.route53_public_zone_id,
    var.letsencrypt_email,
    var.admin_ssh_cidr,
    var.log_retention_days,
    var.backup_retention_days,
    var.gitlab_package,
    var.gitlab_version,
    var.gitlab_project_paths,
    var.ci_audience,
    var.ecr_repositories,
    var.model_package_groups,
  ]
}

run "second_kind_of_bad_value" {
  command = plan

  variables {
    vpc_cidr             = "not-a-network"
    gitlab_instance_type = "large"
    gitlab_domain        = "GitLab_Example.com"
    admin_ssh_cidr       = "198.51.100.300/24"
    log_retention_days   = 0
  }

  expect_failures = [
    var.vpc_cidr,
    var.gitlab_instance_type,
    var.gitlab_domain,
    var.admin_ssh_cidr,
    var.log_retention_days,
  ]
}

run "third_kind_of_bad_value" {
  command = plan

  variables {
    vpc_cidr             = "10.20.0.0/28"
    gitlab_instance_type = "c6i.large"
    gitlab_domain        = "gitlab.example.com/path"
  }

  expect_failures = [
    var.vpc_cidr,
    var.gitlab_instance_type,
    var.gitlab_domain,
  ]
}

run "good_values_pass" {
  command = plan

  variables {
    project_name         = "ml-platform"
    region               = "eu-west-1"
    vpc_cidr             = "10.50.0.0/20"
    gitlab_instance_type = "m6i.xlarge"
    gitlab_domain        = "gitlab.ml.example.org"
    admin_ssh_cidr       = "203.0.113.0/28"
    log_retention_days   = 365
    gitlab_version       = "17.11.1-ce.0"
    gitlab_project_paths = ["ml-team/sub.group/breast-cancer-training"]
  }

  assert {
    condition     = output.gitlab_url == "https://gitlab.ml.example.org"
    error_message = "Valid settings must plan."
  }
}
