# Inputs of the apply/destroy run against moto_server (see tofu/test.sh).
project_name = "motostack"

# moto has no Ubuntu 22.04 image in its catalogue; this is one of its built-in Canonical images.
ami_id = "ami-785db401"

# Exercise every optional part: HTTPS domain (and so OIDC and the CI roles), a public record, the NAT gateway.
gitlab_domain        = "gitlab.example.test"
gitlab_project_paths = ["ml-team/training", "ml-team/endpoint"]
enable_nat_gateway   = true
letsencrypt_email    = "ops@example.test"

# moto has no DeleteModelPackageGroup: terraform destroy would poll it forever. Groups are covered by terraform test.
model_package_groups = []

force_destroy_buckets = true
