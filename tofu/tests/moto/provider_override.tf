# Copied next to the root module by tofu/test.sh for the moto run only (a Terraform override file).
# MOTO_ENDPOINT is replaced by the script with the address of the moto_server it started.
provider "aws" {
  access_key                  = "testing"
  secret_key                  = "testing"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  skip_region_validation      = true
  s3_use_path_style           = true

  endpoints {
    autoscaling = "MOTO_ENDPOINT"
    cloudtrail  = "MOTO_ENDPOINT"
    cloudwatch  = "MOTO_ENDPOINT"
    ec2         = "MOTO_ENDPOINT"
    ecr         = "MOTO_ENDPOINT"
    iam         = "MOTO_ENDPOINT"
    kms         = "MOTO_ENDPOINT"
    logs        = "MOTO_ENDPOINT"
    route53     = "MOTO_ENDPOINT"
    s3          = "MOTO_ENDPOINT"
    sagemaker   = "MOTO_ENDPOINT"
    ssm         = "MOTO_ENDPOINT"
    sts         = "MOTO_ENDPOINT"
  }
}
