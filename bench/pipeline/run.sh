#!/usr/bin/env bash
# Benchmark of the local pipeline on the sample (issue 4): the main job's wall time by stage, against the sum of its
# unavoidable parts measured in the same run, side by side:
#   a bare trainer run (the published trainer, `train`, on the same data and hyperparameters);
#   a bare server start to its first 200 on /ping (the published server, `serve`, on the same model);
#   the same test requests (health, the labelled rows, 20 one-row latency requests) with curl;
#   the zip (zip -X of the same files).
# Targets: pipeline (train → release) ≤ 1.3 × the parts, and ≤ 20 s warm on a 2-core machine.
# Then a blue/green switch of an endpoint under wrk load, which must give zero non-2xx responses.
# usage: bash bench/pipeline/run.sh     (runs the main job twice: once to warm up, once measured)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
samples="$repo_root/samples"
for tool in curl zip unzip python3 wrk; do
  command -v "$tool" >/dev/null 2>&1 || { echo "ERROR: $tool is missing: apt-get install $tool" >&2; exit 1; }
done
bench="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true; rm -rf "$bench"; }
trap cleanup EXIT
export MLOPS_HOME="$bench/home" MLOPS_SAMPLE_RUNS="$bench/runs"
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

echo "==> warm-up run of the main job"
bash "$samples/run-local.sh" --stop-candidate --mr 1 >"$bench/warmup.log" 2>&1 || { cat "$bench/warmup.log"; exit 1; }
echo "==> measured run of the main job"
start=$(now_ms)
bash "$samples/run-local.sh" --stop-candidate --mr 2 >"$bench/run.log" 2>&1 || { cat "$bench/run.log"; exit 1; }
total_ms=$(( $(now_ms) - start ))
timings="$(ls "$bench"/runs/*-candidate/timings.tsv | sort | tail -n 1)"
zip_file="$(ls "$(dirname "$timings")"/release/*.zip)"

# a. A bare trainer run on the same data.
trainer_dll="$(ls -td "$MLOPS_HOME"/images/breast-cancer-training-trainer/*/ | head -n 1)BreastCancer.Training.Trainer.dll"
base="$bench/opt-ml"
mkdir -p "$base/input/config" "$base/input/data" "$base/model" "$base/output/data"
cp -r "$samples/breast-cancer-training/data/train" "$samples/breast-cancer-training/data/validation" "$base/input/data/"
python3 - "$samples/breast-cancer-training/manifest.json" "$base/input/config/hyperparameters.json" <<'PY'
import json, sys
manifest = json.load(open(sys.argv[1]))
json.dump({k: str(v) for k, v in manifest["training"]["hyperparameters"].items()}, open(sys.argv[2], "w"))
PY
start=$(now_ms)
SAGEMAKER_BASE_DIR="$base" SM_CHANNEL_TRAIN="$base/input/data/train" SM_CHANNEL_VALIDATION="$base/input/data/validation" \
  dotnet "$trainer_dll" train >"$bench/trainer.log" 2>&1
trainer_ms=$(( $(now_ms) - start ))

# b. A bare server start to its first 200 on /ping, on the model the pipeline released.
server_dll="$(ls -td "$MLOPS_HOME"/images/breast-cancer-endpoint-server/*/ | head -n 1)BreastCancer.Endpoint.Server.dll"
mkdir -p "$bench/unzipped" "$bench/model"
unzip -q "$zip_file" -d "$bench/unzipped"
tar -xzf "$bench/unzipped/model/model.tar.gz" -C "$bench/model"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
start=$(now_ms)
SM_MODEL_DIR="$bench/model" SAGEMAKER_BIND_TO_PORT="$port" dotnet "$server_dll" serve >"$bench/server.log" 2>&1 &
server_pid=$!
until curl -fs -o /dev/null "http://127.0.0.1:$port/ping"; do sleep 0.02; done
server_ms=$(( $(now_ms) - start ))

# c. The same test requests.
csv="$samples/breast-cancer-endpoint/test-data/validation.csv"
tail -n +2 "$csv" | sed 's/,[^,]*$//' > "$bench/rows.csv"
head -n 1 "$bench/rows.csv" > "$bench/row.csv"
start=$(now_ms)
curl -fs -o /dev/null -H 'Content-Type: text/csv' -H 'Accept: application/json' --data-binary @"$bench/row.csv" "http://127.0.0.1:$port/invocations"
curl -fs -o /dev/null -H 'Content-Type: text/csv' -H 'Accept: application/json' --data-binary @"$bench/rows.csv" "http://127.0.0.1:$port/invocations"
curl -fs -o /dev/null -H 'Content-Type: text/csv' -H 'Accept: application/json' --data-binary @"$bench/rows.csv" "http://127.0.0.1:$port/invocations"
for _ in $(seq 20); do
  curl -fs -o /dev/null -H 'Content-Type: text/csv' -H 'Accept: application/json' --data-binary @"$bench/row.csv" "http://127.0.0.1:$port/invocations"
done
requests_ms=$(( $(now_ms) - start ))
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# d. The zip of the same files.
start=$(now_ms)
(cd "$bench/unzipped" && zip -q -X -r "$bench/baseline.zip" .)
zip_ms=$(( $(now_ms) - start ))

parts_ms=$(( trainer_ms + server_ms + requests_ms + zip_ms ))
stage_ms() { awk -F'\t' -v p="$1" -v s="$2" '$1==p && $2==s {print $3}' "$timings"; }
# The main job runs its stages in one process: train → release is that process's wall time (its start, JIT and
# summary included) less the stages outside train → release (the two builds and the final stop-candidate).
process_ms="$(stage_ms main-job process)"
build_ms=$(( $(stage_ms breast-cancer-training build) + $(stage_ms breast-cancer-endpoint build) ))
pipeline_ms=$(( process_ms - build_ms - $(stage_ms breast-cancer-endpoint stop-candidate) ))

echo
echo "Main job by stage (ms, warm):"
awk -F'\t' '{printf "  %-16s %-14s %6d\n", $1, $2, $3}' "$timings"
echo
echo "Unavoidable parts (ms, same run):"
printf '  %-40s %6d\n' "bare trainer run" "$trainer_ms" "bare server start to first /ping" "$server_ms" "same test requests (curl)" "$requests_ms" "zip of the same files" "$zip_ms" "sum" "$parts_ms"
echo
printf 'pipeline train → release (process start included): %d ms = %.2f × the parts (target ≤ 1.30)\n' "$pipeline_ms" "$(awk -v a="$pipeline_ms" -v b="$parts_ms" 'BEGIN{print a/b}')"
printf 'builds (two dotnet publish, each into a fresh per-build folder): %d ms\n' "$build_ms"
printf 'whole main job, warm: %d ms (target ≤ 20000)\n' "$total_ms"

# e. A blue/green switch under wrk load: the run's model deployed to a bench endpoint, then switched to a new
#    configuration while wrk sends one-row requests through InvokeEndpoint; the switch must cost no non-2xx answer.
echo
echo "Blue/green switch under wrk load (bench/pipeline/BlueGreen):"
dotnet run --project "$repo_root/bench/pipeline/BlueGreen" -c Release -- "$MLOPS_HOME" "$(dirname "$timings")/pipeline-state.json" "$bench/row.csv"
