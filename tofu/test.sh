#!/usr/bin/env bash
# Proves tofu/ offline: fmt, validate (root and every module), terraform test with a mocked AWS provider, a plan
# checked for secrets, and apply + destroy of the whole stack against a moto_server started here on a free port, with
# the applied IAM policies evaluated against tests/policy/cases.json between the two.
#
# Usage: tofu/test.sh [all|static|unit|moto]     (default: all)
#        tofu/test.sh json-tests DIR    runs the caller's *.tftest.hcl files in DIR against a copy of tofu/ made at
#                                       DIR/tofu, with `terraform test -json` into DIR/test.json (the bad-input
#                                       catalogue's tofu rows use it); succeeds when terraform ran them, whatever
#                                       their verdicts, which the caller judges
# Environment: TF_PLUGIN_DIR  folder holding registry.terraform.io/hashicorp/aws/<version> (found automatically)
#              TF_BIN         terraform or tofu binary (default: terraform, else tofu)
set -euo pipefail

TOFU_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STAGE="${1:-all}"
MOTO_PID=""
WORK=""

log() { printf '[tofu/test %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { printf '[tofu/test] FAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
  fi
  if [ -n "$WORK" ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

timed() {
  local label="$1"; shift
  local start=$SECONDS
  log "$label ..."
  "$@" || { local rc=$?; log "$label: FAILED after $((SECONDS - start)) s"; return "$rc"; }
  log "$label: ok in $((SECONDS - start)) s"
}

# ------------------------------------------------------------------ tools
TF="${TF_BIN:-}"
if [ -z "$TF" ]; then
  if command -v terraform >/dev/null 2>&1; then TF=terraform
  elif command -v tofu >/dev/null 2>&1; then TF=tofu
  else
    fail "terraform (>= 1.11) or tofu (>= 1.8) is not on PATH. Install one: https://developer.hashicorp.com/terraform/install or https://opentofu.org/docs/intro/install/"
  fi
fi
need_moto() {
  command -v moto_server >/dev/null 2>&1 \
    || fail "moto_server is not on PATH. Install it: python3 -m pip install 'moto[server]==5.2.1' boto3"
  python3 -c "import boto3" 2>/dev/null || fail "python3 cannot import boto3. Install it: python3 -m pip install boto3"
}

find_plugin_dir() {
  if [ -n "${TF_PLUGIN_DIR:-}" ]; then
    [ -d "$TF_PLUGIN_DIR/registry.terraform.io/hashicorp/aws" ] || fail "TF_PLUGIN_DIR=$TF_PLUGIN_DIR holds no registry.terraform.io/hashicorp/aws"
    printf '%s\n' "$TF_PLUGIN_DIR"; return
  fi
  local hit
  hit=$(find /opt /usr/local /usr/share "$HOME/.terraform.d" "$HOME/.local/share" -maxdepth 6 -type d \
          -path '*/registry.terraform.io/hashicorp/aws/5.*' 2>/dev/null | head -n 1 || true)
  if [ -z "$hit" ]; then
    hit=$(find / -xdev -type d -path '*/registry.terraform.io/hashicorp/aws/5.*' 2>/dev/null | head -n 1 || true)
  fi
  [ -n "$hit" ] || fail "no offline provider folder (registry.terraform.io/hashicorp/aws/5.x) found. Set TF_PLUGIN_DIR to the folder that holds registry.terraform.io, or run '$TF init' online once."
  dirname "$(dirname "$(dirname "$(dirname "$hit")")")"
}

# Quiet, offline, non-interactive.
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tofu-test.XXXXXX")"
: > "$WORK/cli.tfrc"
export TF_CLI_CONFIG_FILE="$WORK/cli.tfrc"

# Snapshot of tofu/ taken once, without local state, caches or lock files: every stage works on a copy of it.
mkdir -p "$WORK/src"
tar -C "$TOFU_DIR" --exclude=.terraform --exclude=.terraform.lock.hcl --exclude=node_modules \
    --exclude='*.tfstate' --exclude='*.tfstate.*' --exclude='*.tfplan' --exclude=tfplan -cf - . | tar -C "$WORK/src" -xf -
copy_tree() { mkdir -p "$1" && cp -R "$WORK/src/." "$1"; }

# Runs a command with its output in a log file, and shows the end of the log if it fails.
quietly() {
  local logfile="$1"; shift
  "$@" >"$logfile" 2>&1 || { local rc=$?; tail -n 60 "$logfile"; return "$rc"; }
}

tf_init() { quietly "$1/init.log" "$TF" -chdir="$1" init -backend=false -plugin-dir="$PLUGIN_DIR" -no-color || fail "init in $1"; }

# ------------------------------------------------------------------ static
static_checks() {
  "$TF" fmt -check -recursive -diff "$WORK/src" || fail "fmt: run '$TF fmt -recursive tofu'"
  # One way to make a bucket: every bucket goes through modules/secure_bucket (TLS-only policy, SSE-KMS, PAB...).
  local stray
  stray=$(grep -rln --include='*.tf' 'resource "aws_s3_bucket"' "$WORK/src" | grep -v '/modules/secure_bucket/' || true)
  [ -z "$stray" ] || fail "buckets created outside modules/secure_bucket: $stray"
  # The random provider cannot be installed offline; secrets are generated on the instance instead.
  ! grep -rqn --include='*.tf' 'random_password\|hashicorp/random' "$WORK/src" || fail "random provider used (see tofu/README.md: secrets)"
  # The policy evaluator, on small policies with known verdicts, before the moto stage trusts it with tofu's.
  (cd "$WORK/src/tests/policy" && PYTHONDONTWRITEBYTECODE=1 python3 -m unittest -q test_iam_eval 2>&1) || fail "policy evaluator self-test"
  # The scripts the instances run at first boot: rendered, shellcheck-clean, within the 16 KB user_data limit.
  local dir="$WORK/src/tests/render" output
  quietly "$dir/apply.log" "$TF" -chdir="$dir" apply -no-color -auto-approve -state="$WORK/render.tfstate" || fail "render user_data"
  for output in gitlab_server_user_data gitlab_runner_user_data; do
    "$TF" -chdir="$dir" output -state="$WORK/render.tfstate" -raw "$output" > "$WORK/$output.sh"
    shellcheck -s bash "$WORK/$output.sh" || fail "shellcheck of the rendered $output"
    [ "$(wc -c < "$WORK/$output.sh")" -lt 16384 ] || fail "$output is over the 16 KB user_data limit"
  done
  # ops.sh ci-variables, the step from the ci_variables output to a project's GitLab CI/CD variables.
  shellcheck -s bash "$WORK/src/ops.sh" || fail "shellcheck of ops.sh"
  quietly "$WORK/ci_variables_test.log" python3 "$WORK/src/tests/ci_variables_test.py" || fail "ops.sh ci-variables (tests/ci_variables_test.py)"
}

validate_one() {
  local dir="$1" name="$2"
  tf_init "$dir"
  quietly "$dir/validate.log" "$TF" -chdir="$dir" validate -no-color || fail "validate $name"
  log "  validate $name: ok"
}

validate_all() {
  copy_tree "$WORK/validate"
  local dirs=("$WORK/validate") dir name running=0
  for dir in "$WORK"/validate/modules/*/; do dirs+=("${dir%/}"); done
  # Two at a time: each validate starts the 700 MB provider to read its schema.
  for dir in "${dirs[@]}"; do
    if [ "$dir" = "$WORK/validate" ]; then name=root; else name="modules/$(basename "$dir")"; fi
    validate_one "$dir" "$name" &
    running=$((running + 1))
    if [ "$running" -ge 2 ]; then wait -n || fail "validate"; running=$((running - 1)); fi
  done
  while [ "$running" -gt 0 ]; do wait -n || fail "validate"; running=$((running - 1)); done
}

unit_tests() {
  copy_tree "$WORK/unit"
  tf_init "$WORK/unit"
  quietly "$WORK/unit/test.log" "$TF" -chdir="$WORK/unit" test -no-color || fail "terraform test"
  grep -E '^(tests/.*\.\.\. (pass|fail)|  run |Success!|Failure!)' "$WORK/unit/test.log" || true
}

# The caller's generated test files, in a test directory of their own so the files under tests/ do not run. The runs
# are expected to fail (bad values refused), so terraform's exit status 1 is not a failure here; no summary is.
json_tests() {
  local dir="$1" copy="$1/tofu"
  compgen -G "$dir/*.tftest.hcl" >/dev/null || fail "json-tests: no *.tftest.hcl in $dir"
  copy_tree "$copy"
  mkdir -p "$copy/generated-tests"
  cp "$dir"/*.tftest.hcl "$copy/generated-tests/"
  tf_init "$copy"
  local rc=0
  "$TF" -chdir="$copy" test -json -no-color -test-directory=generated-tests >"$dir/test.json" 2>"$dir/test.err" || rc=$?
  grep -q '"type":"test_summary"' "$dir/test.json" || { cat "$dir/test.err" >&2; fail "json-tests: terraform test printed no summary (exit $rc)"; }
}

# ------------------------------------------------------------------ moto
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

start_moto() {
  MOTO_PORT="$(free_port)"
  MOTO_URL="http://127.0.0.1:$MOTO_PORT"
  # AWS managed policies (AmazonSSMManagedInstanceCore) exist in moto only when this is set.
  MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
  MOTO_PID=$!
  local _
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null "$MOTO_URL/moto-api/"; then log "  moto_server pid $MOTO_PID on $MOTO_URL"; return; fi
    kill -0 "$MOTO_PID" 2>/dev/null || { cat "$WORK/moto.log"; fail "moto_server exited"; }
    sleep 0.2
  done
  fail "moto_server did not answer on $MOTO_URL"
}

moto_apply_destroy() {
  local dir="$WORK/moto"
  copy_tree "$dir"
  sed "s#MOTO_ENDPOINT#$MOTO_URL#g" "$dir/tests/moto/provider_override.tf" > "$dir/provider_override.tf"
  cp "$dir/tests/moto/audit_override.tf" "$dir/audit_override.tf"
  cp "$dir/tests/moto/gitlab_server_override.tf" "$dir/modules/gitlab_server/gitlab_server_override.tf"
  tf_init "$dir"
  python3 "$WORK/src/tests/moto/inventory.py" "$MOTO_URL" snapshot "$WORK/baseline.json"

  local vars=(-var-file=tests/moto/moto.tfvars)
  timed "moto: plan" quietly "$WORK/plan.log" "$TF" -chdir="$dir" plan -no-color -out=moto.tfplan "${vars[@]}" \
    || fail "plan against moto"
  "$TF" -chdir="$dir" show -json moto.tfplan > "$WORK/plan.json"
  python3 "$WORK/src/tests/plan_check.py" "$WORK/plan.json" || fail "the plan carries a secret"

  if ! timed "moto: apply" quietly "$WORK/apply.log" timeout 600 "$TF" -chdir="$dir" apply -no-color -auto-approve moto.tfplan; then
    log "apply failed; destroying what was created before failing"
    quietly "$WORK/destroy.log" timeout 600 "$TF" -chdir="$dir" destroy -no-color -auto-approve "${vars[@]}" || true
    fail "apply against moto"
  fi
  grep -E '^Apply complete' "$WORK/apply.log"
  python3 "$WORK/src/tests/moto/inventory.py" "$MOTO_URL" grown "$WORK/baseline.json" || fail "apply created nothing"

  # The IAM policies as applied (real ARNs, from the state), evaluated against the policy cases: each case must get
  # the verdict it expects (a candidate writing under the stable prefix refused, its own prefix allowed...).
  local policy_rc=0
  "$TF" -chdir="$dir" show -json > "$WORK/state.json"
  python3 "$WORK/src/tests/policy/check_policies.py" "$WORK/state.json" "$WORK/src/tests/policy/cases.json" \
    "$(sed -n 's/^project_name *= *"\(.*\)"/\1/p' "$dir/tests/moto/moto.tfvars")" \
    || policy_rc=$?

  timed "moto: destroy" quietly "$WORK/destroy.log" timeout 600 "$TF" -chdir="$dir" destroy -no-color -auto-approve "${vars[@]}" \
    || fail "destroy against moto"
  grep -E '^Destroy complete' "$WORK/destroy.log"
  python3 "$WORK/src/tests/moto/inventory.py" "$MOTO_URL" same "$WORK/baseline.json" || fail "destroy left resources in moto"
  [ "$policy_rc" -eq 0 ] || fail "policy cases (tests/policy/cases.json): a case got the wrong verdict, see FAIL above"
}

# ------------------------------------------------------------------ run
TOTAL=$SECONDS
log "using $("$TF" version | head -n 1)"
case "$STAGE" in
  all|static|unit|moto) ;;
  json-tests)
    if [ -z "${2:-}" ] || [ ! -d "$2" ]; then fail "json-tests needs the folder of the test files: tofu/test.sh json-tests DIR"; fi ;;
  *) fail "unknown stage '$STAGE' (all|static|unit|moto|json-tests DIR)" ;;
esac
if [ "$STAGE" = all ] || [ "$STAGE" = moto ]; then need_moto; fi
if [ "$STAGE" = all ] || [ "$STAGE" = static ]; then
  command -v shellcheck >/dev/null 2>&1 || fail "shellcheck is not on PATH. Install it: apt-get install shellcheck (or brew install shellcheck)"
fi
if [ "$STAGE" = all ] || [ "$STAGE" = static ]; then timed "fmt -check and static rules" static_checks; fi
PLUGIN_DIR="$(find_plugin_dir)"
log "offline provider folder: $PLUGIN_DIR"
case "$STAGE" in
  static) timed "init + validate: root and every module" validate_all ;;
  unit) timed "terraform test (mock_provider aws)" unit_tests ;;
  moto) start_moto; timed "apply + destroy against moto" moto_apply_destroy ;;
  json-tests) timed "terraform test -json of $2" json_tests "$(cd "$2" && pwd)" ;;
  all)
    # The moto run mostly waits on the provider's polling: validate and the unit tests use the CPU meanwhile.
    start_moto
    ( timed "apply + destroy against moto" moto_apply_destroy ) >"$WORK/moto-stage.log" 2>&1 &
    MOTO_STAGE=$!
    ( timed "init + validate: root and every module" validate_all; timed "terraform test (mock_provider aws)" unit_tests ) &
    OTHER_STAGES=$!
    other_rc=0
    wait "$OTHER_STAGES" || other_rc=$?
    moto_rc=0
    wait "$MOTO_STAGE" || moto_rc=$?
    cat "$WORK/moto-stage.log"
    [ "$other_rc" -eq 0 ] || fail "validate or terraform test"
    [ "$moto_rc" -eq 0 ] || fail "apply + destroy against moto"
    ;;
esac
log "$STAGE: every check passed in $((SECONDS - TOTAL)) s"
