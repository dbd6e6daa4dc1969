# Assertions on modules/network, with the AWS provider mocked.

mock_provider "aws" {
  override_during = plan

  mock_data "aws_caller_identity" {
    defaults = { account_id = "123456789012" }
  }
  mock_resource "aws_cloudwatch_log_group" {
    defaults = { arn = "arn:aws:logs:us-east-1:123456789012:log-group:/mlops/vpc/flow-logs" }
  }
}

variables {
  name               = "mlops"
  vpc_cidr           = "10.20.0.0/16"
  availability_zones = ["us-east-1a", "us-east-1b"]
  kms_key_arn        = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"
}

run "multi_az_network_with_closed_default_group" {
  command = plan

  module {
    source = "./modules/network"
  }

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2 && length(toset([for s in aws_subnet.public : s.availability_zone])) == 2
    error_message = "There must be a public and a private subnet in each of two zones."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.public : !s.map_public_ip_on_launch])
    error_message = "Public subnets must not hand out public addresses by default."
  }

  assert {
    condition     = length(aws_default_security_group.this.ingress) == 0 && length(aws_default_security_group.this.egress) == 0
    error_message = "The default security group must have no rule."
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 0
    error_message = "The NAT gateway is off by default (cost)."
  }

  assert {
    condition     = aws_flow_log.this.traffic_type == "ALL" && aws_cloudwatch_log_group.flow_logs.kms_key_id == var.kms_key_arn && aws_cloudwatch_log_group.flow_logs.retention_in_days == 90
    error_message = "Flow logs must record all traffic into a log group encrypted with the project key, with a retention."
  }

  assert {
    condition     = jsondecode(aws_iam_role.flow_logs.assume_role_policy).Statement[0].Condition.StringEquals["aws:SourceAccount"] == "123456789012"
    error_message = "The flow-log role must trust only the VPC Flow Logs service acting for this account."
  }
}

run "nat_gateway_when_asked" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    enable_nat_gateway = true
  }

  assert {
    condition     = length(aws_nat_gateway.this) == 1 && length(aws_route.private_nat) == 1
    error_message = "enable_nat_gateway must route the private subnets through one NAT gateway."
  }
}

run "one_zone_is_refused" {
  command = plan

  module {
    source = "./modules/network"
  }

  variables {
    availability_zones = ["us-east-1a"]
  }

  expect_failures = [var.availability_zones]
}
