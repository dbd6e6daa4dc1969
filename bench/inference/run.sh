#!/usr/bin/env bash
# Inference throughput: the mlops-endpoint template's server against a bare Kestrel endpoint that returns a constant,
# side by side in the same run, on one-row JSON requests (a real row of the template's data, 30 features).
#   wrk: 4 connections, 1 thread; each measured run follows a 5 s warm-up of the same server.
#   Targets: server req/s >= 90% of bare Kestrel's, server p99 <= 5 ms.
# Usage: bench/inference/run.sh [seconds per measured run, default 10] [rounds, default 3]
# The two servers alternate round by round, so both see the same machine load; the figures are medians over rounds.
set -euo pipefail

duration="${1:-10}"
rounds="${2:-3}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
content="$repo/templates/MlOps.Templates/content"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }
command -v python3 >/dev/null || { echo "python3 is missing: apt-get install -y python3" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

echo "== publishing (Release): trainer, server, bare Kestrel"
dotnet publish "$content/mlops-training/src/MlOpsTraining.Trainer" -c Release -o "$work/trainer" --nologo -v quiet
dotnet publish "$content/mlops-endpoint/src/MlOpsEndpoint.Server" -c Release -o "$work/server" --nologo -v quiet
dotnet publish "$here/BareKestrel" -c Release -o "$work/bare" --nologo -v quiet

echo "== training the model the server will serve (template data, lbfgs)"
mkdir -p "$work/job/input/data"
cp -r "$content/mlops-training/data/train" "$content/mlops-training/data/validation" "$work/job/input/data/"
SAGEMAKER_BASE_DIR="$work/job" dotnet "$work/trainer/MlOpsTraining.Trainer.dll" train | grep '^metric:'

row="$(sed -n 2p "$content/mlops-training/data/validation/validation.csv" | cut -d, -f1-30)"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "[$row]"
wrk.headers["Content-Type"] = "application/json"
LUA

server_port="$(free_port)"
SM_MODEL_DIR="$work/job/model" SAGEMAKER_BIND_TO_PORT="$server_port" \
  dotnet "$work/server/MlOpsEndpoint.Server.dll" serve >"$work/server.log" 2>&1 &
pids+=($!)
bare_port="$(free_port)"
SAGEMAKER_BIND_TO_PORT="$bare_port" dotnet "$work/bare/BareKestrel.dll" >"$work/bare.log" 2>&1 &
pids+=($!)

for port in "$server_port" "$bare_port"; do
  for _ in $(seq 1 300); do
    curl -sf "http://127.0.0.1:$port/ping" >/dev/null && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$port/ping" >/dev/null || { echo "server on $port never became healthy" >&2; cat "$work"/*.log >&2; exit 1; }
done
echo "== one request to the server: $(curl -s -H 'Content-Type: application/json' -d "[$row]" "http://127.0.0.1:$server_port/invocations")"

# Prints "<requests/s> <p99 in ms>" for one measured run after its warm-up.
measure() {
  local port="$1"
  wrk -t1 -c4 -d5s -s "$work/post.lua" "http://127.0.0.1:$port/invocations" >/dev/null
  wrk -t1 -c4 -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$port/invocations" >"$work/wrk.txt"
  if grep -q "Non-2xx" "$work/wrk.txt"; then
    echo "non-2xx answers from port $port:" >&2
    cat "$work/wrk.txt" >&2
    exit 1
  fi
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
print(f"{rps:.0f} {p99:.3f}")
PY
}

printf '\n%-6s %-12s %12s %10s\n' round target "req/s" "p99 ms"
bare_all=(); server_all=(); p99_all=(); bare_p99_all=()
for round in $(seq 1 "$rounds"); do
  read -r bare_rps bare_p99 < <(measure "$bare_port")
  printf '%-6s %-12s %12s %10s\n' "$round" "bare-kestrel" "$bare_rps" "$bare_p99"
  read -r server_rps server_p99 < <(measure "$server_port")
  printf '%-6s %-12s %12s %10s\n' "$round" "server" "$server_rps" "$server_p99"
  bare_all+=("$bare_rps"); server_all+=("$server_rps"); p99_all+=("$server_p99"); bare_p99_all+=("$bare_p99")
done

python3 - "${bare_all[*]}" "${server_all[*]}" "${p99_all[*]}" "${bare_p99_all[*]}" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY'
import statistics, sys
bare, server, p99, bare_p99 = ([float(x) for x in arg.split()] for arg in sys.argv[1:5])
ratio = statistics.median(server) / statistics.median(bare)
median_p99 = statistics.median(p99)
print()
print(f"machine: {sys.argv[5]} cores, load average {sys.argv[6]} at the end")
print(f"median req/s: server {statistics.median(server):.0f}, bare Kestrel {statistics.median(bare):.0f}")
print(f"median p99: server {median_p99:.3f} ms, bare Kestrel {statistics.median(bare_p99):.3f} ms")
print(f"ratio server / bare Kestrel: {ratio:.1%}   (target >= 90%: {'met' if ratio >= 0.9 else 'MISSED'})")
print(f"server p99: {median_p99:.3f} ms   (target <= 5 ms: {'met' if median_p99 <= 5 else 'MISSED'})")
PY
