#!/usr/bin/env bash
# The merge-request pipeline's wall time (issue 17): the endpoint project's MR pipeline (validate, build,
# deploy-candidate, test-candidate, report, package, release; it deploys an already trained model, so there is no
# training wait) under gitlab-ci-local, against the same stages run one after the other in one shell, side by side in
# the same run:
#   direct       the jobs' script lines (`bash ci/stage.sh <stage>`) in sequence, NuGet cache and stage builds warm:
#                the stages' own work, the floor of any CI;
#   ci-empty     gitlab-ci-local on a fresh work tree: no GitLab cache (NuGet restores everything, every stage script
#                is built), no artifacts;
#   ci-warm      gitlab-ci-local again on the same branch, one commit later: the cache that `cache:` keeps is restored
#                (the stage builds, so validate builds nothing) and NuGet's packages folder is kept.
# Target: ci-warm <= 2x direct. Each pipeline starts from a stopped candidate endpoint, so each pays its first deploy.
# NuGet's folder is passed as NUGET_PACKAGES ($work/ci-nuget, emptied before each ci-empty run) instead of the file's
# $CI_PROJECT_DIR/.mlops/nuget: gitlab-ci-local sets CI_PROJECT_DIR to /builds/<group>/<project> for a job that names
# an image even under --force-shell-executor, so that path would be one folder outside the job shared by every run on
# the machine (never empty, and holding whatever MlOps.Sdk 0.1.0 it restored first).
# usage: bash bench/ci/pipeline.sh [rounds, default 2]
set -euo pipefail

rounds="${1:-2}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tool="$repo/tools/gitlab-ci-local/node_modules/.bin/gitlab-ci-local"
[ -x "$tool" ] || { echo "gitlab-ci-local is missing: (cd tools/gitlab-ci-local && npm ci)" >&2; exit 1; }
for t in rsync git python3 dotnet; do
  command -v "$t" >/dev/null || { echo "$t is missing: apt-get install -y $t (dotnet: see README)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-ci-bench.XXXXXX")"
export MLOPS_HOME="$work/home" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
stop_endpoints() { pkill -f "$MLOPS_HOME" 2>/dev/null || true; }
trap 'stop_endpoints; rm -rf "$work"' EXIT
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
feed="$repo/samples/.mlops/feed"

echo "== $(nproc) cores, dotnet $(dotnet --version), gitlab-ci-local $("$tool" --version), $rounds rounds"
echo "== a trained, approved model and a production endpoint (samples/run-local.sh --stable, in $MLOPS_HOME)"
MLOPS_SAMPLE_RUNS="$work/runs" bash "$repo/samples/run-local.sh" --stable >"$work/main-job.log" 2>&1 || { tail -20 "$work/main-job.log" >&2; exit 1; }

# A git work tree of the endpoint project on the merge request's branch, as GitLab checks it out.
checkout() {
  rsync -a --exclude .git --exclude .mlops --exclude bin --exclude obj --exclude mlops.env "$repo/samples/breast-cancer-endpoint/" "$1/"
  git -C "$1" init -q -b main
  git -C "$1" checkout -q -B feat/x
  git -C "$1" add -A
  git -C "$1" -c user.name=bench -c user.email=bench@example.com commit -q -m "bench"
}
mr_variables=(CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_IID=7 CI_MERGE_REQUEST_SOURCE_BRANCH_NAME=feat/x
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main MLOPS_MODE=local MLOPS_HOME="$MLOPS_HOME" MLOPS_NUGET_SOURCE="$feed"
  MLOPS_PUBLISH_RELEASE=false)
stop_candidate() { (cd "$1" && env "${mr_variables[@]}" NUGET_PACKAGES="$1/.mlops/nuget" bash ci/stage.sh stop-candidate >/dev/null 2>&1) || true; }

ci_run() {
  local tree="$1" log="$work/$2.log" arguments=(--force-shell-executor --shell-isolation --no-color --variable "NUGET_PACKAGES=$work/ci-nuget")
  for v in "${mr_variables[@]}"; do arguments+=(--variable "$v"); done
  (cd "$tree" && env -u MLOPS_MODE -u CI_COMMIT_BRANCH "$tool" "${arguments[@]}" >"$log" 2>&1) || { tail -30 "$log" >&2; exit 1; }
}

# The jobs' script lines, with what before_script writes (ci/nuget.config) and the variables gitlab-ci-local sets.
direct_run() {
  local tree="$1" commit
  commit="$(git -C "$tree" rev-parse HEAD)"
  (
    cd "$tree"
    export "${mr_variables[@]}" NUGET_PACKAGES="$tree/.mlops/nuget" CI_PROJECT_DIR="$tree" CI_PROJECT_NAME=breast-cancer-endpoint \
      CI_COMMIT_SHA="$commit" CI_COMMIT_SHORT_SHA="${commit:0:8}" CI_DEFAULT_BRANCH=main CI_PIPELINE_ID=1 \
      CI_PIPELINE_CREATED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '%s\n' '<?xml version="1.0" encoding="utf-8"?>' '<configuration><packageSources><clear />' \
      '<add key="nuget.org" value="https://api.nuget.org/v3/index.json" />' "<add key=\"mlops\" value=\"$feed\" />" \
      '</packageSources><packageSourceMapping><packageSource key="nuget.org"><package pattern="*" /></packageSource>' \
      '<packageSource key="mlops"><package pattern="MlOps.*" /></packageSource></packageSourceMapping></configuration>' > ci/nuget.config
    bash ci/stage.sh --build-all
    for stage in validate build deploy test report package release; do bash ci/stage.sh "$stage"; done
  ) >"$work/direct.log" 2>&1 || { tail -30 "$work/direct.log" >&2; exit 1; }
}

: > "$work/times"
checkout "$work/direct"
direct_run "$work/direct"   # warms the NuGet cache and the stage builds of the direct tree
stop_candidate "$work/direct"
for round in $(seq "$rounds"); do
  started=$(date +%s%N); direct_run "$work/direct"; echo "direct $(ms_since "$started")" >> "$work/times"
  stop_candidate "$work/direct"

  rm -rf "$work/ci" "$work/ci-nuget" && mkdir -p "$work/ci" && checkout "$work/ci"
  started=$(date +%s%N); ci_run "$work/ci" ci-empty; echo "ci-empty $(ms_since "$started")" >> "$work/times"
  stop_candidate "$work/ci"
  git -C "$work/ci" -c user.name=bench -c user.email=bench@example.com commit -q --allow-empty -m "bench: next commit"
  started=$(date +%s%N); ci_run "$work/ci" ci-warm; echo "ci-warm $(ms_since "$started")" >> "$work/times"
  stop_candidate "$work/ci"
  echo "round $round: $(tail -3 "$work/times" | tr '\n' ' ')"
done

awk '{ runs[$1] = runs[$1] " " $2 / 1000 } END { for (n in runs) print n, runs[n] }' "$work/times" | sort
awk '{ sum[$1] += $2; n[$1]++ } END {
  d = sum["direct"] / n["direct"]; e = sum["ci-empty"] / n["ci-empty"]; w = sum["ci-warm"] / n["ci-warm"]
  printf "\nmean wall time: direct %.1f s, gitlab-ci-local empty cache %.1f s (%.2fx), warm cache %.1f s (%.2fx; target <= 2x) %s\n",
    d / 1000, e / 1000, e / d, w / 1000, w / d, (w / d <= 2 ? "PASS" : "FAIL") }' "$work/times"
echo
echo "the last warm pipeline's jobs, as gitlab-ci-local timed them:"
grep -E "finished in" "$work/ci-warm.log" | sed 's/^/  /'
echo "the first job's stage builds (bash ci/stage.sh --build-all) in the last empty-cache pipeline:"
grep -ho "built ci/[a-z-]*.cs in [0-9]* ms\|built every stage in [0-9]* ms" "$work/ci-empty.log" | sed 's/^/  /'
echo "and in the last direct run and warm pipeline:"
for log in direct ci-warm; do
  echo "  $log: $(grep -ho "stage.sh: built every stage in [0-9]* ms\|stage.sh: .mlops/stages holds builds of these very .*: nothing to build" "$work/$log.log" | tail -1)"
done
