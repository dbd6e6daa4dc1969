#!/usr/bin/env bash
# Multi-host training (issue 19): wall time of the mlops-training template's trainer as local-mode training jobs of 1,
# 2 and 4 hosts (train channel ShardedByS3Key over 4 part files, validation FullyReplicated, data_parallel on: each
# host trains its shard, algo-1 combines the models), beside the same trainer run
# bare as one process on the whole data, round after round in the same run. The ratios show what a local cluster costs
# on this machine; with 2 cores, 4 hosts share them.
# Usage: bash bench/training/run.sh [rounds, default 5]
set -euo pipefail

rounds="${1:-5}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
content="$repo/templates/MlOps.Templates/content/mlops-training"
for tool in bash setsid timeout; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install -y bash util-linux coreutils" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== publishing (Release): the template's trainer and the bench driver"
dotnet publish "$content/src/MlOpsTraining.Trainer" -c Release -o "$work/trainer" --nologo -v quiet
dotnet build "$here" -c Release -o "$work/driver" --nologo -v quiet
echo "== $(nproc) cores, $rounds rounds, data: $(($(wc -l < "$content/data/train/train.csv") - 1)) training rows"
dotnet "$work/driver/MlOps.Bench.Training.dll" "$work/trainer" "$content/data" "$work" "$rounds"
