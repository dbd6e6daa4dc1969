# Copied into modules/gitlab_server by tofu/test.sh for the moto run only (a Terraform override file).
resource "aws_ebs_volume" "data" {
  # prevent_destroy protects the data volume in real use; the throw-away moto stack must be destroyable.
  lifecycle {
    prevent_destroy = false
  }
}

resource "aws_instance" "this" {
  # moto does not implement MonitorInstances (detailed monitoring); the provider would retry it forever.
  monitoring = false
}
