#!/usr/bin/env bash
# The main job: the sample's whole pipeline on this machine in local mode (no AWS account, no Docker):
#   build → train → register → gate → deploy → test → review (merge requests) → package → release zip
# It packs this repository's MlOps.Sdk into a local feed (samples/.mlops/feed), then runs the generated projects'
# stages (the ones their ci/*.cs scripts run in GitLab) one after the other in one process (main-job/pipeline.cs),
# with GitLab's variables set as a merge request (candidate, the default) or the default branch (--stable) would.
#
# usage: bash samples/run-local.sh [--stable] [--mr IID] [--commit SHA] [--test-data FILE] [--stop-candidate]
#   --stable          run as a default-branch pipeline: metric gate, blue/green production deploy with rollback, stable zip
#   --mr IID          the simulated merge request (default 1)
#   --commit SHA      the simulated commit (default: this repository's HEAD)
#   --test-data FILE  endpoint test data instead of the project's (a failing one shows the release being stopped)
#   --stop-candidate  delete the candidate endpoint after the release (it stays up otherwise, as in a merge request)
# Environment: MLOPS_HOME (local state; default samples/.mlops/home), MLOPS_SAMPLE_RUNS (run folders; default samples/.mlops/runs).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="$repo_root/samples"
work="$samples/.mlops"
training=churn-training
endpoint=churn-endpoint

kind=candidate
iid=1
commit=""
test_data=""
stop_candidate=false
while [ $# -gt 0 ]; do
  case "$1" in
    --stable) kind=stable ;;
    --candidate) kind=candidate ;;
    --mr) iid="${2:?--mr needs the merge request IID}"; shift ;;
    --commit) commit="${2:?--commit needs a SHA}"; shift ;;
    --test-data) test_data="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    --stop-candidate) stop_candidate=true ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "ERROR: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v dotnet >/dev/null 2>&1 || { echo "ERROR: dotnet is not installed: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2; exit 1; }
command -v git >/dev/null 2>&1 || { echo "ERROR: git is not installed: apt-get install git" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MLOPS_MODE=local
export MLOPS_HOME="${MLOPS_HOME:-$work/home}"
# The sample's own package folder (see pack-sdk.sh).
export NUGET_PACKAGES="$work/nuget-packages"
mkdir -p "$MLOPS_HOME" "$NUGET_PACKAGES"

started_all=$(date +%s%N)
log() { printf '\n==> %s\n' "$*"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# 1. MlOps.Sdk into the local feed, re-packed only when its sources changed.
log "MlOps.Sdk into the local feed samples/.mlops/feed"
if [ "$(bash "$samples/pack-sdk.sh")" = repacked ]; then echo "packed"; else echo "up to date"; fi

# 2. GitLab's variables, as this kind of pipeline has them.
if [ -z "$commit" ]; then
  commit="$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || head -c 20 /dev/urandom | sha1sum | cut -c1-40)"
fi
pipeline_id="$(date +%s)"
export CI_COMMIT_SHA="$commit" CI_COMMIT_SHORT_SHA="${commit:0:8}" CI_DEFAULT_BRANCH=main CI_PIPELINE_ID="$pipeline_id"
CI_PIPELINE_CREATED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export CI_PIPELINE_CREATED_AT
export CI_COMMIT_TITLE="Local run of the sample pipeline"
if [ "$kind" = candidate ]; then
  export CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_IID="$iid" CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feat/local CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main
  unset CI_COMMIT_BRANCH
else
  export CI_PIPELINE_SOURCE=push CI_COMMIT_BRANCH=main
  unset CI_MERGE_REQUEST_IID
fi
run_dir="${MLOPS_SAMPLE_RUNS:-$work/runs}/$pipeline_id-$kind"
mkdir -p "$run_dir"
export MLOPS_STATE_FILE="$run_dir/pipeline-state.json" MLOPS_DOTENV="$run_dir/mlops.env"
rm -rf "$samples/$training/.mlops/release-input" "$samples/$endpoint/.mlops/release-input"
timings="$run_dir/timings.tsv"
: > "$timings"
echo "pipeline $pipeline_id: $kind, commit ${commit:0:8}$([ "$kind" = candidate ] && echo ", merge request !$iid"); run folder $run_dir"

# 3. The stages, in one process: main-job/pipeline.cs runs each exactly as the project's ci/<stage>.cs script runs it in
#    its GitLab job. It is published ReadyToRun once per version of its sources and of the SDK, and started with
#    `dotnet pipeline.dll`: no `dotnet run` start, and no JIT, on every run. Per-stage options as MLOPS_* variables.
main_job_hash="$( { sha256sum "$samples/main-job/pipeline.cs" "$samples/main-job/Directory.Build.props"; cat "$work/feed/.sdk-hash"; } | sha256sum | cut -c1-16)"
main_job="$work/main-job/$main_job_hash"
if [ ! -f "$main_job/pipeline.dll" ]; then
  exec 8>"$work/.main-job.lock"
  flock 8
  if [ ! -f "$main_job/pipeline.dll" ]; then
    log "publishing the main job (main-job/pipeline.cs, ReadyToRun)"
    rm -rf "$work/main-job"
    dotnet publish "$samples/main-job/pipeline.cs" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true \
      -p:RestoreForce=true -o "$main_job.tmp" --nologo -v quiet
    mv "$main_job.tmp" "$main_job"
  fi
  flock -u 8
fi
export MLOPS_OUTPUT_PATH="$run_dir/release" MLOPS_TIMINGS_FILE="$timings"
if [ -n "$test_data" ]; then export MLOPS_TEST_DATA="$test_data"; else unset MLOPS_TEST_DATA; fi
pipeline_args=()
if [ "$kind" = candidate ] && [ "$stop_candidate" = true ]; then pipeline_args+=(--stop-candidate); fi
started=$(date +%s%N)
status=0
(cd "$samples" && dotnet "$main_job/pipeline.dll" "${pipeline_args[@]}") || status=$?
# The whole process, start and JIT included, next to the stages' own timings (bench/pipeline reads both).
printf '%s\t%s\t%s\n' "main-job" "process" "$(ms_since "$started")" >> "$timings"
if [ "$status" -ne 0 ]; then
  echo
  echo "FAILED: the main job stopped with exit code $status (run folder $run_dir)." >&2
  exit "$status"
fi

zip="$(ls "$run_dir"/release/*.zip)"
log "done in $(( $(ms_since "$started_all") / 1000 )) s"
echo "release zip: $zip"
if [ "$kind" = candidate ]; then
  echo "merge-request review: samples/$training/.mlops/report.md and samples/$endpoint/.mlops/report.md (docs/report.md in the zip)"
fi
if [ "$kind" = candidate ] && [ "$stop_candidate" != true ]; then
  echo "candidate endpoint $endpoint-candidate-mr$iid is still up (as in a merge request); stop it with:"
  echo "  (cd samples/$endpoint && MLOPS_HOME=$MLOPS_HOME CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_IID=$iid CI_COMMIT_SHA=$commit MLOPS_PROJECT=$endpoint dotnet run --file ci/stop-candidate.cs)"
fi
