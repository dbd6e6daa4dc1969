#!/usr/bin/env bash
# Regenerates the sample from the templates: a training project and an endpoint project that serves its models, on the
# Breast Cancer Wisconsin (Diagnostic) data set the templates carry (data/LICENSE-DATA.md)
# (the endpoint deploys the newest approved version of the training project's model package group).
# usage: bash samples/generate.sh [output folder]   (default: samples/, next to this script)
# The pipeline test (tests/MlOps.Pipeline.Tests) runs it into a temporary folder and compares the result with samples/.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${1:-$repo_root/samples}"
mkdir -p "$output"
output="$(cd "$output" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# An isolated CLI home, so the user's own template installations neither interfere nor change.
export DOTNET_CLI_HOME="$work/cli-home"

echo "==> packing the templates"
dotnet pack "$repo_root/templates/MlOps.Templates/MlOps.Templates.csproj" -c Release -o "$work/feed" --nologo -v quiet >/dev/null
echo "==> installing them (isolated DOTNET_CLI_HOME)"
dotnet new install "$(ls "$work"/feed/MlOps.Templates.*.nupkg)" >/dev/null

for project in breast-cancer-training breast-cancer-endpoint; do rm -rf "${output:?}/$project"; done
echo "==> dotnet new mlops-training -n BreastCancer.Training"
dotnet new mlops-training -n BreastCancer.Training -o "$output/breast-cancer-training" >/dev/null
echo "==> dotnet new mlops-endpoint -n BreastCancer.Endpoint --model-package-group breast-cancer-training-models"
dotnet new mlops-endpoint -n BreastCancer.Endpoint -o "$output/breast-cancer-endpoint" --model-package-group breast-cancer-training-models >/dev/null
echo "sample generated in $output (breast-cancer-training, breast-cancer-endpoint)"
