#!/usr/bin/env bash
# Stage start-up (issue 17): per stage script of the sample's two projects, the seconds from process start to the
# stage's first line of output, four ways, side by side in the same run:
#   prebuilt   bash ci/stage.sh <stage>: the build the pipeline's first job hands on (.mlops/stages);
#   run-warm   dotnet run --file ci/<stage>.cs with its build cache present (a developer's second run);
#   run-cold   dotnet run --file ci/<stage>.cs with an empty build cache and the NuGet cache kept, as a GitLab job in a
#              fresh container with `cache:` gets it (what every job paid before the prebuilt stages);
#   floor      dotnet --version, the start of a .NET process that does nothing.
# The stages run with --help, whose first line is the one every stage prints first, so nothing is deployed.
# Targets: prebuilt <= 1 s per stage (warm), and the first job's --build-all, paid once per pipeline, is printed too.
# usage: bash bench/ci/run.sh [rounds, default 3]
set -euo pipefail

rounds="${1:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
command -v python3 >/dev/null || { echo "python3 is missing: apt-get install -y python3" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
bash "$repo/samples/pack-sdk.sh" >/dev/null
cp "$repo/samples/nuget.config" "$work/"
mkdir -p "$work/.mlops"
cp -r "$repo/samples/.mlops/feed" "$work/.mlops/"
export NUGET_PACKAGES="$work/nuget" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
first_line() { python3 "$here/first-line.py" "$@"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "== $(nproc) cores, dotnet $(dotnet --version), $rounds rounds"
for project in breast-cancer-training breast-cancer-endpoint; do
  cp -r "$repo/samples/$project" "$work/$project"
  started=$(date +%s%N)
  bash "$work/$project/ci/stage.sh" --build-all >/dev/null
  echo "$project: bash ci/stage.sh --build-all (first job, once per pipeline, NuGet cache cold): $(( ($(date +%s%N) - started) / 1000000 )) ms"
done

printf '%-26s %9s %9s %9s %9s\n' stage prebuilt run-warm run-cold floor
for project in breast-cancer-training breast-cancer-endpoint; do
  for script in "$work/$project"/ci/*.cs; do
    stage="$(basename "$script" .cs)"
    : > "$work/prebuilt" ; : > "$work/warm" ; : > "$work/cold" ; : > "$work/floor"
    dotnet run --file "$script" --artifacts-path "$work/warm-build/$project-$stage" -- --help >/dev/null
    for round in $(seq "$rounds"); do
      first_line bash "$work/$project/ci/stage.sh" "$stage" --help >> "$work/prebuilt"
      first_line dotnet run --file "$script" --artifacts-path "$work/warm-build/$project-$stage" -- --help >> "$work/warm"
      first_line dotnet run --file "$script" --artifacts-path "$work/cold-build/$project-$stage-$round" -- --help >> "$work/cold"
      first_line dotnet --version >> "$work/floor"
    done
    printf '%-26s %8.2fs %8.2fs %8.2fs %8.2fs\n' "$project/$stage" "$(median < "$work/prebuilt")" "$(median < "$work/warm")" "$(median < "$work/cold")" "$(median < "$work/floor")"
  done
done
