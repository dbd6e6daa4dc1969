#!/usr/bin/env bash
# `bash ci/stage.sh --build-all` after one stage script changed, against the same command rebuilding every script, side
# by side in one run, on the sample endpoint project (9 scripts): the first job of a merge request whose change
# touches one stage. The NuGet cache is warm in both, as GitLab's cache brings it back.
# usage: bash bench/ci/rebuild.sh [rounds, default 3]
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds="${1:-3}"
for t in rsync dotnet; do
  command -v "$t" >/dev/null || { echo "$t is missing: apt-get install -y $t (dotnet: see README)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-rebuild-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NUGET_PACKAGES="$work/nuget"
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

bash "$repo/samples/pack-sdk.sh" >"$work/pack.log" 2>&1 || { tail -20 "$work/pack.log" >&2; exit 1; }
feed="$repo/samples/.mlops/feed"
project="$work/project"
rsync -a --exclude .mlops --exclude bin --exclude obj --exclude mlops.env "$repo/samples/breast-cancer-endpoint/" "$project/"
# What the jobs' before_script writes: MlOps.* from the sample's feed, everything else from nuget.org.
printf '%s\n' '<?xml version="1.0" encoding="utf-8"?>' '<configuration><packageSources><clear />' \
  '<add key="nuget.org" value="https://api.nuget.org/v3/index.json" />' "<add key=\"mlops\" value=\"$feed\" />" \
  '</packageSources><packageSourceMapping><packageSource key="nuget.org"><package pattern="*" /></packageSource>' \
  '<packageSource key="mlops"><package pattern="MlOps.*" /></packageSource></packageSourceMapping></configuration>' > "$project/ci/nuget.config"
build_all() { (cd "$project" && bash ci/stage.sh --build-all) >>"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }; }
build_all # restores the packages and warms the compiler servers for both sides

scripts=$(find "$project/ci" -maxdepth 1 -name "*.cs" | wc -l)
echo "== $(nproc) cores, dotnet $(dotnet --version), $scripts stage scripts, $rounds rounds"
full=() one=()
for round in $(seq 1 "$rounds"); do
  rm -rf "$project/.mlops/stages"
  started=$(date +%s%N); build_all; full+=("$(ms_since "$started")")
  echo "// round $round" >> "$project/ci/deploy.cs"
  started=$(date +%s%N); build_all; one+=("$(ms_since "$started")")
  echo "round $round: every script ${full[-1]} ms, one changed script ${one[-1]} ms"
done
full_ms=$(printf '%s\n' "${full[@]}" | median)
one_ms=$(printf '%s\n' "${one[@]}" | median)
echo "median: every script $full_ms ms, one changed script $one_ms ms ($(awk -v a="$one_ms" -v b="$full_ms" 'BEGIN { printf "%.2f", a / b }')x)"
