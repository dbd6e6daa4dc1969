#!/usr/bin/env bash
# InvokeEndpoint through `mlops-local serve` (the SageMaker runtime over the AWS wire) against the same model servers
# invoked directly, side by side in one run: N endpoints at once, each a bare Kestrel model server (bench/inference/
# BareKestrel: a constant answer, so the figures measure the invoke path, not a model).
#   direct: one wrk per model server, straight to its /invocations;
#   wire:   one wrk per endpoint, to POST /endpoints/<name>/invocations on the wire server (SigV4-shaped header).
#   Each wrk: 2 connections, 1 thread. Rounds alternate direct and wire so both see the same machine load; the
#   figures are medians over rounds of the summed req/s and of the worst p99. Target (issue 14): wire >= 80% of direct.
# Usage: bench/localwire/run.sh [endpoints, default 8] [seconds per run, default 10] [rounds, default 3]
set -euo pipefail

endpoints="${1:-8}"
duration="${2:-10}"
rounds="${3:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

for tool in wrk curl python3 aws dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (wrk/curl/python3: apt-get install -y $tool; aws: python3 -m pip install awscli)" >&2; exit 1; }
done
python3 -c 'import boto3' 2>/dev/null || { echo "boto3 is missing: python3 -m pip install boto3" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  if [ -f "$work/wire.env" ]; then
    for i in $(seq 1 "$endpoints"); do aws sagemaker delete-endpoint --endpoint-name "bench-$i" >/dev/null 2>&1 || true; done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "== publishing (Release): bare Kestrel model server, mlops-local"
dotnet publish "$repo/bench/inference/BareKestrel" -c Release -o "$work/bare" --nologo -v quiet
dotnet publish "$repo/src/MlOps.Sdk.LocalWire" -c Release -o "$work/wire" --nologo -v quiet

# The model servers (direct, and those the wire server starts, which inherit this) run with the thread pool's idle
# spinning off, as the wire server does by its runtimeconfig: a .NET thread spins before it sleeps, and at the
# moderate rate each server sees behind the wire, nine spinning processes took most of 2 cores from the work measured
# (a trace of the wire server put 56% of its CPU in the pool's spin-wait). Python model servers do not spin.
export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0
export MLOPS_HOME="$work/home" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_MAX_ATTEMPTS=1
export AWS_CONFIG_FILE="$work/no-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-credentials"
image="$(dotnet "$work/wire/MlOps.Sdk.LocalWire.dll" register-image bench/constant v1 "$work/bare" -- dotnet BareKestrel.dll)"
dotnet "$work/wire/MlOps.Sdk.LocalWire.dll" serve --quiet >"$work/wire.env" 2>"$work/wire.log" &
pids+=($!)
for _ in $(seq 1 300); do grep -q AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME "$work/wire.env" 2>/dev/null && break; sleep 0.1; done
# shellcheck disable=SC1091
source "$work/wire.env"
wire="$AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"
echo "== $endpoints endpoints through $wire (image $image)"
for i in $(seq 1 "$endpoints"); do
  aws sagemaker create-model --model-name "bench-$i" --execution-role-arn arn:aws:iam::000000000000:role/bench \
    --primary-container "Image=$image" >/dev/null
  aws sagemaker create-endpoint-config --endpoint-config-name "bench-$i" \
    --production-variants "VariantName=AllTraffic,ModelName=bench-$i,InitialInstanceCount=1,InstanceType=ml.m5.large" >/dev/null
  aws sagemaker create-endpoint --endpoint-name "bench-$i" --endpoint-config-name "bench-$i" >/dev/null
done
python3 - "$endpoints" <<'PY'
import sys, boto3
sm = boto3.client("sagemaker")
for i in range(1, int(sys.argv[1]) + 1):
    sm.get_waiter("endpoint_in_service").wait(EndpointName=f"bench-{i}", WaiterConfig={"Delay": 0.2, "MaxAttempts": 600})
PY
answer="$(aws sagemaker-runtime invoke-endpoint --endpoint-name bench-1 --content-type application/json --body '[1]' "$work/answer.json")"
echo "invoke-endpoint: $answer $(cat "$work/answer.json")"

direct_ports=()
for i in $(seq 1 "$endpoints"); do
  port="$(free_port)"
  (cd "$work/bare" && SAGEMAKER_BIND_TO_PORT="$port" exec dotnet BareKestrel.dll serve >"$work/direct-$i.log" 2>&1) &
  pids+=($!)
  direct_ports+=("$port")
done
for port in "${direct_ports[@]}"; do
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break; sleep 0.1; done
done

cat >"$work/direct.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "[1]"
wrk.headers["Content-Type"] = "application/json"
LUA
cat >"$work/wire.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "[1]"
wrk.headers["Content-Type"] = "application/json"
-- The server checks a signature's form, not its value: one fixed SigV4-shaped header stands for the SDK's.
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0"
wrk.headers["X-Amz-Date"] = "20260101T000000Z"
LUA

# Runs one wrk per target at once; prints "<summed req/s> <worst p99 ms> <non-2xx>".
run_side() {
  local side="$1" seconds="$2"
  local outs=() runs=()
  for i in $(seq 1 "$endpoints"); do
    if [ "$side" = direct ]; then
      url="http://127.0.0.1:${direct_ports[$((i - 1))]}/invocations"
    else
      url="$wire/endpoints/bench-$i/invocations"
    fi
    wrk -t1 -c2 -d"${seconds}s" --latency -s "$work/$side.lua" "$url" >"$work/wrk-$side-$i.txt" 2>&1 &
    runs+=($!)
    outs+=("$work/wrk-$side-$i.txt")
  done
  wait "${runs[@]}"
  python3 - "${outs[@]}" <<'PY'
import re, sys
total, worst, bad = 0.0, 0.0, 0
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
for path in sys.argv[1:]:
    text = open(path).read()
    total += float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", text)
    worst = max(worst, float(m.group(1)) * unit[m.group(2)])
    n = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    bad += int(n.group(1)) if n else 0
print(f"{total:.0f} {worst:.2f} {bad}")
PY
}

echo "== warm-up (5 s each side)"
run_side direct 5 >/dev/null
run_side wire 5 >/dev/null

results="$work/results.txt"
: >"$results"
for round in $(seq 1 "$rounds"); do
  d="$(run_side direct "$duration")"
  w="$(run_side wire "$duration")"
  echo "round $round: direct $d | wire $w   (req/s p99-ms non-2xx)"
  echo "$d $w" >>"$results"
done

python3 - "$results" "$endpoints" <<'PY'
import statistics, sys
rows = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
med = lambda k: statistics.median(r[k] for r in rows)
d_rps, d_p99, w_rps, w_p99 = med(0), med(1), med(3), med(4)
bad = sum(r[2] + r[5] for r in rows)
print(f"\n{sys.argv[2]} endpoints, medians over {len(rows)} rounds")
print(f"{'':8} {'req/s':>10} {'p99 ms':>8}")
print(f"{'direct':8} {d_rps:>10.0f} {d_p99:>8.2f}")
print(f"{'wire':8} {w_rps:>10.0f} {w_p99:>8.2f}")
print(f"wire/direct req/s: {w_rps / d_rps:.0%} (target >= 80%); non-2xx answers: {bad:.0f}")
PY
