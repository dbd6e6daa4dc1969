#!/usr/bin/env bash
# Packs this repository's MlOps.Sdk into the sample's local feed (samples/.mlops/feed), which samples/nuget.config
# lists, unless the feed already holds a pack of the same sources. Prints "repacked" when it packed, so callers can
# rebuild the stage scripts (their build cache does not notice a package re-packed under the same version).
# The sample's scripts restore into samples/.mlops/nuget-packages (NUGET_PACKAGES), never into the user's global cache.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$repo_root/samples/.mlops"
feed="$work/feed"
packages="$work/nuget-packages"
mkdir -p "$packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

sdk_hash="$(cd "$repo_root" && { find src/MlOps.Sdk src/MlOps.Sdk.Stages -type f \( -name '*.cs' -o -name '*.csproj' \) -not -path '*/bin/*' -not -path '*/obj/*' | sort | xargs sha256sum; sha256sum Directory.Build.props src/Directory.Build.props; } | sha256sum | cut -c1-16)"
if [ -f "$feed/.sdk-hash" ] && [ "$(cat "$feed/.sdk-hash")" = "$sdk_hash" ]; then
  echo "up to date"
  exit 0
fi

# One packer at a time: tests and the main job may start together.
exec 9>"$work/.pack.lock"
flock 9
if [ -f "$feed/.sdk-hash" ] && [ "$(cat "$feed/.sdk-hash")" = "$sdk_hash" ]; then
  echo "up to date"
  exit 0
fi
rm -rf "$feed" "$packages/mlops.sdk" "$packages/mlops.sdk.stages"
# MlOps.Sdk.Stages packs MlOps.Sdk too: the stage scripts restore both from this feed.
dotnet pack "$repo_root/src/MlOps.Sdk/MlOps.Sdk.csproj" -c Release -o "$feed" --nologo -v quiet -p:ContinuousIntegrationBuild=true >&2
dotnet pack "$repo_root/src/MlOps.Sdk.Stages/MlOps.Sdk.Stages.csproj" -c Release -o "$feed" --nologo -v quiet -p:ContinuousIntegrationBuild=true >&2
echo "$sdk_hash" > "$feed/.sdk-hash"
echo "repacked"
