#!/usr/bin/env bash
# The main job: the sample's whole pipeline on this machine in local mode (no AWS account, no Docker):
#   build → train → register → gate → deploy → test → review (merge requests) → package → release zip
# It packs this repository's MlOps.Sdk into a local feed (samples/.mlops/feed), then runs the generated projects'
# stages (the ones their ci/*.cs scripts run in GitLab) one after the other in one process (main-job/pipeline.cs),
# with GitLab's variables set as a merge request (candidate, the default) or the default branch (--stable) would.
#
# usage: bash samples/run-local.sh [--stable] [--mr IID] [--commit SHA] [--test-data FILE] [--stop-candidate] [--over-wire]
#   --stable          run as a default-branch pipeline: metric gate, blue/green production deploy with rollback, stable zip
#   --mr IID          the simulated merge request (default 1)
#   --commit SHA      the simulated commit (default: this repository's HEAD)
#   --test-data FILE  endpoint test data instead of the project's (a failing one shows the release being stopped)
#   --stop-candidate  delete the candidate endpoint after the release (it stays up otherwise, as in a merge request)
#   --over-wire       run the stages in AWS mode (MLOPS_MODE=aws: SigV4, JSON 1.1, S3) against `mlops-local serve` on a
#                     free loopback port over the same MLOPS_HOME, with throw-away credentials; the images are published
#                     and registered with `mlops-local register-image` first, as GitLab's container job pushes them.
#                     The server stops when the run ends; the release zip is the one local mode gives (docs/local-wire.md).
# Environment: MLOPS_HOME (local state; default samples/.mlops/home), MLOPS_SAMPLE_RUNS (run folders; default samples/.mlops/runs),
#   CI_PIPELINE_ID and CI_PIPELINE_CREATED_AT (default: now), which name the run folder and time the release zip.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
samples="$repo_root/samples"
work="$samples/.mlops"
training=breast-cancer-training
endpoint=breast-cancer-endpoint

kind=candidate
iid=1
commit=""
test_data=""
stop_candidate=false
over_wire=false
while [ $# -gt 0 ]; do
  case "$1" in
    --stable) kind=stable ;;
    --candidate) kind=candidate ;;
    --mr) iid="${2:?--mr needs the merge request IID}"; shift ;;
    --commit) commit="${2:?--commit needs a SHA}"; shift ;;
    --test-data) test_data="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    --stop-candidate) stop_candidate=true ;;
    --over-wire) over_wire=true ;;
    -h|--help) sed -n '2,/^set /{/^#/p}' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "ERROR: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

command -v dotnet >/dev/null 2>&1 || { echo "ERROR: dotnet is not installed: install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian)" >&2; exit 1; }
command -v git >/dev/null 2>&1 || { echo "ERROR: git is not installed: apt-get install git" >&2; exit 1; }
if [ "$over_wire" = true ]; then
  # python3 reads the projects' manifest.json for the image step, curl creates the bucket through the server.
  command -v python3 >/dev/null 2>&1 || { echo "ERROR: python3 is not installed: apt-get install python3 (--over-wire reads manifest.json with it)" >&2; exit 1; }
  command -v curl >/dev/null 2>&1 || { echo "ERROR: curl is not installed: apt-get install curl (7.75 or later, for --aws-sigv4)" >&2; exit 1; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MLOPS_MODE=local
export MLOPS_HOME="${MLOPS_HOME:-$work/home}"
# The sample's own package folder (see pack-sdk.sh).
export NUGET_PACKAGES="$work/nuget-packages"
mkdir -p "$MLOPS_HOME" "$NUGET_PACKAGES"

started_all=$(date +%s%N)
log() { printf '\n==> %s\n' "$*"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# Publishes a program into samples/.mlops/<name>/<hash> once per version (an older version's folder goes), one publisher
# at a time: tests and main jobs may start together.
# usage: publish_once <name> <hash> <entry dll> <what, for the log> <dotnet publish arguments...>
publish_once() {
  local name="$1" target="$work/$1/$2" dll="$3" what="$4" lock
  shift 4
  if [ ! -f "$target/$dll" ]; then
    exec {lock}>"$work/.$name.lock"
    flock "$lock"
    if [ ! -f "$target/$dll" ]; then
      log "publishing $what"
      rm -rf "${work:?}/$name"
      dotnet publish "$@" -o "$target.tmp" --nologo -v quiet
      mv "$target.tmp" "$target"
    fi
    exec {lock}>&-
  fi
}

# 1. MlOps.Sdk into the local feed, re-packed only when its sources changed.
log "MlOps.Sdk into the local feed samples/.mlops/feed"
if [ "$(bash "$samples/pack-sdk.sh")" = repacked ]; then echo "packed"; else echo "up to date"; fi

# 2. GitLab's variables, as this kind of pipeline has them.
if [ -z "$commit" ]; then
  commit="$(git -C "$repo_root" rev-parse HEAD 2>/dev/null || head -c 20 /dev/urandom | sha1sum | cut -c1-40)"
fi
pipeline_id="${CI_PIPELINE_ID:-$(date +%s)}"
export CI_COMMIT_SHA="$commit" CI_COMMIT_SHORT_SHA="${commit:0:8}" CI_DEFAULT_BRANCH=main CI_PIPELINE_ID="$pipeline_id"
CI_PIPELINE_CREATED_AT="${CI_PIPELINE_CREATED_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}"
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

# 2b. --over-wire: the same stages in AWS mode, against local mode served over the AWS wire.
if [ "$over_wire" = true ]; then
  wire_hash="$( { cat "$work/feed/.sdk-hash"; cd "$repo_root" && find src/MlOps.Sdk.LocalWire -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/bin/*' -not -path '*/obj/*' | sort | xargs sha256sum; } | sha256sum | cut -c1-16)"
  wire="$work/local-wire/$wire_hash"
  publish_once local-wire "$wire_hash" MlOps.Sdk.LocalWire.dll "mlops-local (src/MlOps.Sdk.LocalWire)" "$repo_root/src/MlOps.Sdk.LocalWire" -c Release

  # What GitLab's container job does in AWS mode (build and push each project's image), with the local registry as
  # ECR: publish the application as local mode's build stage would, and register the folder under the same URI.
  push_image() {
    local project="$samples/$1" fields repository app assembly command folder
    fields="$(python3 -c 'import json,sys; i=json.load(open(sys.argv[1]))["image"]; print(i["repository"].lower(), i["project"], i["assembly"], i["command"])' "$project/manifest.json")"
    read -r repository app assembly command <<<"$fields"
    folder="$MLOPS_HOME/images/$repository/$CI_COMMIT_SHORT_SHA-$(date -u +%Y%m%d%H%M%S%3N)"
    log "[$1] image $repository:$CI_COMMIT_SHORT_SHA ($command), as the container job pushes it" >&2
    (cd "$project" && dotnet publish "$app" --configuration Release --output "$folder" --nologo -v quiet) >&2
    dotnet "$wire/MlOps.Sdk.LocalWire.dll" register-image --home "$MLOPS_HOME" "$repository" "$CI_COMMIT_SHORT_SHA" "$folder" -- dotnet "$folder/$assembly"
  }
  MLOPS_PUSHED_TRAINING_IMAGE="$(push_image "$training")"
  MLOPS_PUSHED_SERVING_IMAGE="$(push_image "$endpoint")"
  export MLOPS_PUSHED_TRAINING_IMAGE MLOPS_PUSHED_SERVING_IMAGE

  log "mlops-local serve over $MLOPS_HOME"
  # Throw-away credentials (the server checks a signature's form only), and nothing of the user's AWS set-up: no
  # profile, session, role or endpoint of theirs can reach, or be sent to, this server.
  unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE AWS_ENDPOINT_URL AWS_DEFAULT_PROFILE
  export AWS_ACCESS_KEY_ID=mlops-local-not-a-key AWS_SECRET_ACCESS_KEY=mlops-local-not-a-secret
  export AWS_CONFIG_FILE="$run_dir/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$run_dir/no-aws-credentials"
  wire_env="$run_dir/wire.env"
  dotnet "$wire/MlOps.Sdk.LocalWire.dll" serve --home "$MLOPS_HOME" --region us-east-1 --quiet >"$wire_env" 2>"$run_dir/wire.log" &
  wire_pid=$!
  trap 'kill "$wire_pid" 2>/dev/null || true; wait "$wire_pid" 2>/dev/null || true' EXIT
  until grep -q '^export AWS_REGION=' "$wire_env" 2>/dev/null; do
    kill -0 "$wire_pid" 2>/dev/null || { echo "ERROR: mlops-local serve stopped: $(cat "$run_dir/wire.log")" >&2; exit 1; }
    sleep 0.1
  done
  # shellcheck disable=SC1090
  source <(grep '^export ' "$wire_env")
  grep '^export ' "$wire_env"

  # What tofu provisions on AWS: the role the jobs and models run as (local mode's default role, so every ARN in the
  # release is the one local mode writes) and the training project's bucket (local mode's default name).
  export MLOPS_SAGEMAKER_ROLE_ARN=arn:aws:iam::000000000000:role/mlops-local-execution MLOPS_BUCKET="mlops-$training"
  curl -sSf -o /dev/null -X PUT --aws-sigv4 "aws:amz:$AWS_REGION:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" "$AWS_ENDPOINT_URL_S3/$MLOPS_BUCKET"
  # botocore's waiter delays (120 s between training-job reads, 30 s between endpoint reads) suit SageMaker; the
  # server's jobs and endpoints are ready in seconds, so poll as local mode does (100 ms), within the same budgets.
  export MlOps__Training__CompletionWaiter__Delay=00:00:00.1 MlOps__Training__CompletionWaiter__MaxAttempts=216000
  export MlOps__Training__LogPollInterval=00:00:00.1
  export MlOps__Endpoints__InServiceWaiter__Delay=00:00:00.1 MlOps__Endpoints__InServiceWaiter__MaxAttempts=36000
  export MlOps__Endpoints__DeletedWaiter__Delay=00:00:00.1 MlOps__Endpoints__DeletedWaiter__MaxAttempts=18000
  export MLOPS_MODE=aws
fi

# 3. The stages, in one process: main-job/pipeline.cs runs each exactly as the project's ci/<stage>.cs script runs it in
#    its GitLab job. It is published ReadyToRun once per version of its sources and of the SDK, and started with
#    `dotnet pipeline.dll`: no `dotnet run` start, and no JIT, on every run. Per-stage options as MLOPS_* variables.
main_job_hash="$( { sha256sum "$samples/main-job/pipeline.cs" "$samples/main-job/Directory.Build.props"; cat "$work/feed/.sdk-hash"; } | sha256sum | cut -c1-16)"
main_job="$work/main-job/$main_job_hash"
publish_once main-job "$main_job_hash" pipeline.dll "the main job (main-job/pipeline.cs, ReadyToRun)" \
  "$samples/main-job/pipeline.cs" -c Release --use-current-runtime --self-contained false -p:PublishReadyToRun=true -p:RestoreForce=true
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
if [ "$over_wire" = true ]; then
  echo "over the AWS wire: the server's log is $run_dir/wire.log; it stops now, the endpoints keep running (local mode)"
fi
if [ "$kind" = candidate ] && [ "$stop_candidate" != true ]; then
  echo "candidate endpoint $endpoint-candidate-mr$iid is still up (as in a merge request); stop it with:"
  echo "  (cd samples/$endpoint && MLOPS_HOME=$MLOPS_HOME CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_IID=$iid CI_COMMIT_SHA=$commit MLOPS_PROJECT=$endpoint dotnet run --file ci/stop-candidate.cs)"
fi
