resource "aws_route53_zone" "private" {
  count = var.create_private_zone ? 1 : 0

  name    = local.private_zone_name
  comment = "Private names of the ${local.name} stack"

  vpc {
    vpc_id = module.network.vpc_id
  }
}
