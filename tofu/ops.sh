#!/usr/bin/env bash
# Day-two commands for the deployed stack. They read names from the OpenTofu outputs, so run them from a machine
# that ran the apply (or has the same backend configured) with AWS credentials for the account.
#
# Usage: tofu/ops.sh <command>
#   session         shell on the GitLab server through Session Manager (no SSH)
#   status          is GitLab answering? HTTP check from here, then gitlab-ctl status and readiness on the server
#   root-password   print the GitLab root password from SSM
#   open            open GitLab in the browser
#   runner          runner host: autoscaling group, token parameter state, gitlab-runner status and verify
#   ci-variables [--project ID|group/project] [--gitlab-url URL] [--from-json FILE]
#                   the CI/CD variables a generated project reads (output ci_variables; none is a secret): printed as
#                   KEY=VALUE to paste, or set on --project through the GitLab API with the token in GITLAB_TOKEN,
#                   with the settings production deploys need: Prevent outdated deployment jobs, resource group
#                   production oldest_first (run it again after the first default-branch pipeline creates the group)
#   logs [group]    list the server's CloudWatch log groups, or follow one (such as /mlops/gitlab/bootstrap)
# Environment: TOFU (default: tofu, else terraform), AWS_PROFILE / AWS credentials as usual,
#              GITLAB_TOKEN (ci-variables --project: an access token with the api scope; never printed).
set -euo pipefail

TOFU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOFU="${TOFU:-$(command -v tofu || command -v terraform || true)}"
need_tofu() { [ -n "$TOFU" ] || { echo "tofu (or terraform) is not on PATH: https://opentofu.org/docs/intro/install/" >&2; exit 1; }; }
need_aws() { command -v aws >/dev/null || { echo "the AWS CLI v2 is not on PATH: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html" >&2; exit 1; }; }

out() { "$TOFU" -chdir="$TOFU_DIR" output -raw "$1"; }

# Runs shell commands on an instance through SSM Run Command and prints their output.
remote() {
  local instance="$1"; shift
  local commands id
  commands=$(python3 -c 'import json,sys; print(json.dumps({"commands": sys.argv[1:]}))' "$@")
  id=$(aws ssm send-command --region "$REGION" --instance-ids "$instance" --document-name AWS-RunShellScript \
        --parameters "$commands" --query Command.CommandId --output text)
  aws ssm wait command-executed --region "$REGION" --command-id "$id" --instance-id "$instance" || true
  aws ssm get-command-invocation --region "$REGION" --command-id "$id" --instance-id "$instance" \
    --query '[Status, StandardOutputContent, StandardErrorContent]' --output text
}

case "${1:-}" in
  session|status|root-password|open|runner|logs) need_tofu; need_aws; REGION="$(out region)" ;;
  ci-variables) ;;
  *) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 2 ;;
esac

case "$1" in
  session)
    aws ssm start-session --region "$REGION" --target "$(out gitlab_instance_id)"
    ;;
  status)
    url="$(out gitlab_url)"
    echo "== HTTP from here: $url/users/sign_in"
    curl -sS -o /dev/null -w 'HTTP %{http_code} in %{time_total}s\n' --max-time 15 "$url/users/sign_in" || echo "no answer (DNS, security group, or GitLab down)"
    echo "== instance state and status checks"
    aws ec2 describe-instance-status --region "$REGION" --include-all-instances --instance-ids "$(out gitlab_instance_id)" \
      --query 'InstanceStatuses[0].[InstanceState.Name, SystemStatus.Status, InstanceStatus.Status]' --output text
    echo "== on the server: bootstrap end, gitlab-ctl status, readiness"
    remote "$(out gitlab_instance_id)" "tail -n 5 /var/log/gitlab-bootstrap.log" "gitlab-ctl status" \
      "curl -sSkL --max-time 10 'http://127.0.0.1/-/readiness?all=1' || true" "df -h /var/opt/gitlab"
    ;;
  root-password)
    aws ssm get-parameter --region "$REGION" --name "$(out root_password_parameter)" --with-decryption \
      --query Parameter.Value --output text
    ;;
  open)
    python3 -m webbrowser "$(out gitlab_url)"
    ;;
  runner)
    asg="$(out runner_autoscaling_group)"
    echo "== autoscaling group $asg"
    aws autoscaling describe-auto-scaling-groups --region "$REGION" --auto-scaling-group-names "$asg" \
      --query 'AutoScalingGroups[0].Instances[].[InstanceId, LifecycleState, HealthStatus]' --output text
    echo "== token parameter (last modified; the value is not printed)"
    aws ssm describe-parameters --region "$REGION" \
      --parameter-filters "Key=Name,Values=$(out runner_token_parameter)" \
      --query 'Parameters[0].[Name, LastModifiedDate, Version]' --output text
    instance=$(aws autoscaling describe-auto-scaling-groups --region "$REGION" --auto-scaling-group-names "$asg" \
      --query 'AutoScalingGroups[0].Instances[0].InstanceId' --output text)
    echo "== on the runner $instance"
    remote "$instance" "tail -n 5 /var/log/gitlab-runner-bootstrap.log" "gitlab-runner status" "gitlab-runner verify" \
      "docker info --format '{{.ServerVersion}} containers={{.Containers}}'"
    ;;
  ci-variables)
    shift
    from_json="" project="" gitlab_url=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --from-json) from_json="${2:?--from-json needs a file}"; shift ;;
        --project) project="${2:?--project needs a project ID or path}"; shift ;;
        --gitlab-url) gitlab_url="${2:?--gitlab-url needs a URL}"; shift ;;
        *) echo "ci-variables: unknown argument '$1'" >&2; exit 2 ;;
      esac
      shift
    done
    if [ -z "$from_json" ]; then
      need_tofu
      json="$("$TOFU" -chdir="$TOFU_DIR" output -json ci_variables)"
    else
      json="$(cat "$from_json")"
    fi
    args=()
    if [ -n "$project" ]; then
      if [ -z "$gitlab_url" ]; then need_tofu; gitlab_url="$(out gitlab_url)"; fi
      args+=(--project "$project" --gitlab-url "$gitlab_url")
    fi
    printf '%s' "$json" | python3 "$TOFU_DIR/ci_variables.py" --from-json - "${args[@]}"
    ;;
  logs)
    if [ -z "${2:-}" ]; then "$TOFU" -chdir="$TOFU_DIR" output gitlab_log_groups; exit 0; fi
    aws logs tail --region "$REGION" "$2" --since 1h --follow
    ;;
esac
