#!/usr/bin/env bash
# Faults under load (issue 15): wrk sends InvokeEndpoint through `mlops-local serve` (POST /endpoints/<name>/invocations
# on the AWS wire, never straight to a model server's port) while a blue/green switch is broken on purpose:
#   new-killed:   kill -9 of the new fleet's server before it passes its health check;
#   old-killed:   kill -9 of one of the old fleet's two servers while the new fleet starts, then the new fleet passes;
#   only-old-killed: the same with an old fleet of one server, which leaves nothing to serve until the new one passes;
#   wire-restart: kill -9 of the process that hosts local state (the wire server) while the new fleet starts, and a new
#                 one on the same port; then the new fleet passes.
# Each scenario prints the endpoint's state at the end (status, config, failure reason) and what wrk counted: answers,
# non-2xx answers and socket errors. "Lost" is every request that got no 2xx answer.
# Usage: bash bench/faults/run.sh      (needs wrk, curl, python3 with boto3, aws, dotnet)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
for tool in wrk curl python3 aws dotnet; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (wrk/curl/python3: apt-get install -y $tool; aws: apt-get install -y awscli)" >&2; exit 1; }
done
python3 -c 'import boto3' 2>/dev/null || { echo "boto3 is missing: apt-get install -y python3-boto3" >&2; exit 1; }

work="$(mktemp -d)"
wire_pid=""
wrk_pid=""
cleanup() {
  [ -z "$wrk_pid" ] || kill "$wrk_pid" 2>/dev/null || true
  if [ -n "$wire_pid" ]; then
    for name in new-killed old-killed only-old-killed wire-restart; do
      aws sagemaker delete-endpoint --endpoint-name "$name" >/dev/null 2>&1 || true
    done
    kill "$wire_pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "== publishing mlops-local (Release)"
dotnet publish "$repo/src/MlOps.Sdk.LocalWire" -c Release -o "$work/wire" --nologo -v quiet
export MLOPS_HOME="$work/home" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_MAX_ATTEMPTS=1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE="$work/no-config" AWS_SHARED_CREDENTIALS_FILE="$work/no-credentials"
image="$(dotnet "$work/wire/MlOps.Sdk.LocalWire.dll" register-image bench/gated v1 "$here" -- python3 gated_server.py)"
port="$(free_port)"

start_wire() {
  : >"$work/wire.env"
  dotnet "$work/wire/MlOps.Sdk.LocalWire.dll" serve --quiet --port "$port" >"$work/wire.env" 2>>"$work/wire.log" &
  wire_pid=$!
  for _ in $(seq 1 300); do grep -q AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME "$work/wire.env" 2>/dev/null && return; sleep 0.1; done
  echo "the wire server did not start; its log:" >&2
  cat "$work/wire.log" >&2
  exit 1
}
start_wire
# shellcheck disable=SC1091
source "$work/wire.env"
wire="$AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"

cat >"$work/invoke.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "[1]"
wrk.headers["Content-Type"] = "application/json"
-- The server checks a signature's form, not its value: one fixed SigV4-shaped header stands for the SDK's.
wrk.headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/sagemaker/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=0"
wrk.headers["X-Amz-Date"] = "20260101T000000Z"
LUA

wait_for() { # description, command...: polls every 0.1 s, for at most 120 s
  local what="$1"
  shift
  for _ in $(seq 1 1200); do "$@" && return 0; sleep 0.1; done
  echo "timed out waiting for $what" >&2
  return 1
}
endpoint_field() { aws sagemaker describe-endpoint --endpoint-name "$1" --query "$2" --output text 2>/dev/null; }
is_status() { [ "$(endpoint_field "$1" EndpointStatus)" = "$2" ]; }
deployments() { find "$MLOPS_HOME/endpoints/$1" -mindepth 1 -maxdepth 1 -type d -not -name '*.removing-*' | sort; }
# The pid of each server of a deployment folder, once its supervisor has recorded it.
server_pids() { cat "$1"/*/server.pid 2>/dev/null || true; }
new_deployment() { # endpoint, the old deployment folder: prints the other one once it has a started server
  local folder
  for folder in $(deployments "$1"); do
    if [ "$folder" != "$2" ] && [ -n "$(server_pids "$folder")" ]; then echo "$folder"; return 0; fi
  done
  return 1
}

create_endpoint() { # name, blue instance count
  local name="$1" count="$2"
  aws sagemaker create-model --model-name "$name-blue" --execution-role-arn arn:aws:iam::000000000000:role/bench \
    --primary-container "Image=$image,Environment={VERSION=blue}" >/dev/null
  aws sagemaker create-model --model-name "$name-green" --execution-role-arn arn:aws:iam::000000000000:role/bench \
    --primary-container "Image=$image,Environment={VERSION=green,GATE_FILE=$work/gate-$name}" >/dev/null
  aws sagemaker create-endpoint-config --endpoint-config-name "$name-blue" \
    --production-variants "VariantName=AllTraffic,ModelName=$name-blue,InitialInstanceCount=$count,InstanceType=ml.m5.large" >/dev/null
  aws sagemaker create-endpoint-config --endpoint-config-name "$name-green" \
    --production-variants "VariantName=AllTraffic,ModelName=$name-green,InitialInstanceCount=1,InstanceType=ml.m5.large" >/dev/null
  aws sagemaker create-endpoint --endpoint-name "$name" --endpoint-config-name "$name-blue" >/dev/null
  wait_for "$name InService" is_status "$name" InService
}

start_load() { # name: wrk through the wire until stop_load
  wrk -t1 -c4 -d600s --latency -s "$work/invoke.lua" "$wire/endpoints/$1/invocations" >"$work/wrk-$1.txt" 2>&1 &
  wrk_pid=$!
  sleep 2
}

stop_load() { # name: prints "answers non-2xx socket-errors"
  kill -INT "$wrk_pid"
  wait "$wrk_pid" || true
  wrk_pid=""
  python3 - "$work/wrk-$1.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
answers = int(re.search(r"(\d+) requests in", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
socket_errors = sum(map(int, errors.groups())) if errors else 0
print(answers, int(bad.group(1)) if bad else 0, socket_errors)
PY
}

report() { # scenario, expected outcome, wrk counts
  local name="$1" expected="$2" answers bad errors
  read -r answers bad errors <<<"$3"
  printf '%-16s %-9s %-22s %8s %8s %8s   %s\n' "$name" "$(endpoint_field "$name" EndpointStatus)" "$(endpoint_field "$name" EndpointConfigName)" \
    "$answers" "$bad" "$errors" "$expected"
  local reason
  # The first line: the rest of a failure reason is the tail of the server's log.
  reason="$(endpoint_field "$name" FailureReason | head -1)"
  [ "$reason" = "None" ] || printf '%-16s reason: %s\n' "" "$reason"
}

begin_switch() { # name, old fleet's instance count: the old fleet serves under load, the new one runs held at its gate
  create_endpoint "$1" "$2"
  blue="$(deployments "$1")"
  start_load "$1"
  aws sagemaker update-endpoint --endpoint-name "$1" --endpoint-config-name "$1-green" >/dev/null
  wait_for "the new server" new_deployment "$1" "$blue" >/dev/null
  green="$(new_deployment "$1" "$blue")"
}

end_switch() { # name, the outcome expected: opens the new fleet's gate, waits for InService, reports what wrk counted
  touch "$work/gate-$1"
  wait_for "$1 InService" is_status "$1" InService
  sleep 2
  report "$1" "$2" "$(stop_load "$1")" >>"$results"
}

results="$work/results.txt"
: >"$results"

echo "== new-killed: kill -9 of the new server before its health check passes"
begin_switch new-killed 1
mapfile -t pids < <(server_pids "$green")
kill -9 "${pids[@]}"
end_switch new-killed "rolled back, 0 lost"

echo "== old-killed: kill -9 of one of two old servers while the new fleet starts"
begin_switch old-killed 2
kill -9 "$(server_pids "$blue" | head -1)"
sleep 2
end_switch old-killed "green, 0 lost"

echo "== only-old-killed: kill -9 of the only old server while the new fleet starts"
begin_switch only-old-killed 1
mapfile -t pids < <(server_pids "$blue")
kill -9 "${pids[@]}"
sleep 2
end_switch only-old-killed "green, 503s until it passes"

echo "== wire-restart: kill -9 of the wire server while the new fleet starts, and a new one on the same port"
begin_switch wire-restart 1
restart_started=$(date +%s%N)
kill -9 "$wire_pid"
wait "$wire_pid" 2>/dev/null || true
start_wire
restart_ms=$(( ($(date +%s%N) - restart_started) / 1000000 ))
sleep 2
end_switch wire-restart "green, lost while down (${restart_ms} ms)"

echo
printf '%-16s %-9s %-22s %8s %8s %8s   %s\n' scenario status config requests non-2xx "sock-err" expected
cat "$results"
