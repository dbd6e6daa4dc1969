#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs what the tests need, builds, tests, and prints
# one closing line "N passed, N failed". README.md documents this script; .ci/run calls the README's command.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

log() { printf '\n==> %s\n' "$*"; }
fail() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else fail "need root (or sudo) to run: $*"; fi
}

install_debian_packages() {
  local missing=()
  command -v rsync >/dev/null 2>&1 || missing+=(rsync)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v zip >/dev/null 2>&1 || missing+=(zip)
  command -v unzip >/dev/null 2>&1 || missing+=(unzip)
  [ -x /usr/bin/time ] || missing+=(time)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

require() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed. $2"
}

log "Checking prerequisites"
require dotnet "Install the .NET 10 SDK: https://learn.microsoft.com/dotnet/core/install/linux-debian"
require python3 "Install Python 3 (apt-get install python3)."
require moto_server "Install moto with its server: pip install 'moto[server]==5.2.1'."
require terraform "Install Terraform 1.11 (or OpenTofu >= 1.8) and the hashicorp/aws 5.100 provider."
require node "Install Node.js 20 (apt-get install nodejs npm)."
install_debian_packages

for lock in $(git ls-files '*package-lock.json'); do
  dir="$(dirname "$lock")"
  log "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log "Building the solution (Release)"
dotnet build MlOps.Sdk.sln -c Release -warnaserror --nologo -v quiet

results_dir="$repo_root/artifacts/test-results"
rm -rf "$results_dir"
mkdir -p "$results_dir"

# The tofu checks spend most of their time waiting on terraform and moto, so they run beside the .NET tests.
tofu_pid=""
if [ -f tofu/test.sh ]; then
  log "Starting the tofu tests in the background (log: artifacts/test-results/tofu-test.log)"
  bash tofu/test.sh > "$results_dir/tofu-test.log" 2>&1 &
  tofu_pid=$!
fi

log "Running the .NET tests"
set +e
# A test that hangs fails after 20 minutes with a dump of its process in the results folder, instead of holding CI
# until its time limit (the longest single test, a gitlab-ci-local pipeline from a cold cache, takes a few minutes).
dotnet test MlOps.Sdk.sln -c Release --no-build --nologo --blame-hang-timeout 20m --blame-hang-dump-type mini --logger "trx" --logger "junit;LogFilePath=$results_dir/{assembly}.junit.xml" --results-directory "$results_dir" 2>&1 | tee "$results_dir/dotnet-test.log"
dotnet_status=${PIPESTATUS[0]}
set -e
# The bad-input catalogue ran above (BadInputCatalogueTests, and TofuVariableCatalogueTests for its tofu variables);
# a test keeps docs/bad-input.md, whose count line this prints, in step with it.
echo "bad-input catalogue: $(grep -m1 -E '^[0-9]+ cases:' docs/bad-input.md)"

passed=0
failed=0
while read -r f p; do
  failed=$((failed + f)); passed=$((passed + p))
done < <(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$results_dir/dotnet-test.log" | sed -E 's/Failed: +([0-9]+), Passed: +([0-9]+)/\1 \2/')

tofu_status=0
if [ -n "$tofu_pid" ]; then
  log "Waiting for the tofu tests"
  set +e
  wait "$tofu_pid"
  tofu_status=$?
  set -e
  cat "$results_dir/tofu-test.log"
  # terraform test prints "Success! N passed, 0 failed." per file; the static and moto stages count as one test each.
  tofu_passed=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$results_dir/tofu-test.log" | awk '{s += $1} END {print s + 0}')
  tofu_failed=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$results_dir/tofu-test.log" | awk '{s += $3} END {print s + 0}')
  if [ "$tofu_status" -eq 0 ]; then tofu_passed=$((tofu_passed + 2)); elif [ "$tofu_failed" -eq 0 ]; then tofu_failed=1; fi
  passed=$((passed + tofu_passed)); failed=$((failed + tofu_failed))
fi

if [ "$dotnet_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo
if [ "$dotnet_status" -ne 0 ]; then
  python3 tools/list-failed-tests.py "$results_dir"/*.junit.xml
fi
echo "$passed passed, $failed failed"
[ "$dotnet_status" -eq 0 ] && [ "$tofu_status" -eq 0 ] && [ "$failed" -eq 0 ]
