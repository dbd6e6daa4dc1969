#!/usr/bin/env bash
# Packaging benchmark: MlOps.Sdk's ReleasePackager against Info-ZIP `zip` and `cp`, side by side, in one run.
#   bash bench/packaging/run.sh            (SIZE_MIB=1024 SOURCE_FILES=2000 REPEAT=3 STORE_REPEAT=9 by default)
# "ours" is the package stage (the one line of a project's ci/package.cs) run on a git project with the model in its
# release inputs. Scenario 1: a 1 GiB synthetic model artifact (model.bin, deflated) plus a source tree, ours vs `zip -6`.
# Scenario 2: a 1 GiB already-compressed artifact (model.tar.gz, stored), ours vs `zip` (which stores it too) vs `cp`.
# Scenario 3: the same model.tar.gz in a bucket of `mlops-local serve` (S3 over the AWS wire on 127.0.0.1), streamed by
# the package stage in AWS mode from S3 into the zip, vs `aws s3 cp` downloading it to disk (what came before the zip).
# "ours" runs twice: framework-dependent with the runtime's defaults, and published with NativeAOT. The framework-dependent
# driver is the configuration the pipeline's jobs run: its runtimeconfig.json holds the same options as the build of
# ci/package.cs that ci/stage.sh makes (InvariantGlobalization and the SDK's defaults; no GC setting, as none measured in
# docs/packaging.md lowered the peak). Every run is a whole process timed by /usr/bin/time, start-up included, as zip's
# and cp's are.
# Targets (issue 17): peak RSS <= 64 MiB; deflate throughput >= 1.5x zip's; stored >= 1.0x zip's; scenario 2 time <= 1.3x cp's.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SIZE_MIB="${SIZE_MIB:-1024}"
SOURCE_FILES="${SOURCE_FILES:-2000}"
REPEAT="${REPEAT:-3}"
STORE_REPEAT="${STORE_REPEAT:-9}"
# Info-ZIP stores these suffixes as they are, the same choice the packager makes (CompressedFileTypes).
STORED=".gz:.tgz:.zip:.bz2:.xz:.zst:.lz4:.7z:.rar:.jar:.whl:.nupkg:.png:.jpg:.jpeg:.gif:.webp:.mp3:.mp4:.parquet:.orc:.avro"

for tool in zip /usr/bin/time dotnet git openssl aws; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y zip time git openssl awscli (dotnet: see README)" >&2; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/mlops-packaging-bench.XXXXXX")"
wire_pid=""
trap '[ -z "$wire_pid" ] || kill "$wire_pid" 2>/dev/null; rm -rf "$work"' EXIT

echo "building the bench driver (Release, framework-dependent)..."
dotnet build -c Release -nologo -v quiet "$here/MlOps.Bench.Packaging.csproj" -o "$work/bin" >/dev/null
bench=(dotnet "$work/bin/MlOps.Bench.Packaging.dll")
# The same driver published with NativeAOT: no JIT, no runtime to load. It links with clang, or gcc when clang is missing.
echo "publishing the bench driver with NativeAOT (about a minute)..."
linker=()
command -v clang >/dev/null || linker=(-p:CppCompilerAndLinker=gcc)
aot=()
if dotnet publish -c Release -r linux-x64 -nologo -v quiet -p:MlOpsBenchAot=true "${linker[@]}" "$here/MlOps.Bench.Packaging.csproj" -o "$work/aot" >"$work/aot.log" 2>&1; then
  aot=("$work/aot/MlOps.Bench.Packaging")
else
  echo "NativeAOT publish failed, its rows are skipped (it needs clang or gcc: apt-get install -y clang); log:" >&2
  tail -5 "$work/aot.log" >&2
fi

echo "generating ${SIZE_MIB} MiB weights, ${SIZE_MIB} MiB compressed artifact and ${SOURCE_FILES} source files in $work..."
# Two projects laid out as the package stage finds them: git-tracked source, and the model under .mlops/release-input.
inputs=.mlops/release-input/model
"${bench[@]}" generate-weights "$work/deflate/$inputs/model.bin" "$SIZE_MIB"
"${bench[@]}" generate-source "$work/deflate" "$SOURCE_FILES"
"${bench[@]}" generate-random "$work/store/$inputs/model.tar.gz" "$SIZE_MIB"
for project in deflate store; do
  git -C "$work/$project" init -q && git -C "$work/$project" add -A -- ':!.mlops'
done

# The package stage as a pipeline's package job runs it (a stable release on main, local mode), writing into $work/out.
ci_env=(env MLOPS_MODE=local MLOPS_HOME="$work/home" CI_PROJECT_NAME=bench CI_PIPELINE_SOURCE=push CI_COMMIT_BRANCH=main
  CI_DEFAULT_BRANCH=main CI_COMMIT_SHA=1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b CI_COMMIT_SHORT_SHA=1a2b3c4d)
stage_args() { echo stage --project-path "$work/$1" --output-path "$work/out" --dotenv "$work/out/mlops.env" --state-file "$work/out/state.json"; }

# The bytes packaged: the source tree and the model, not git's own files.
input_bytes() { find "$1" -path "$1/.git" -prune -o -type f -printf '%s\n' | awk '{ s += $1 } END { print s }'; }

# run_once NAME INPUT_DIR COMMAND...: one timed run with a warm page cache and flushed dirty pages.
run_once() {
  local name="$1" input="$2"; shift 2
  rm -rf "$work/out" && mkdir -p "$work/out"
  find "$input" -type f -exec cat {} + >/dev/null
  sync
  /usr/bin/time -f "$name %e %M %U %S" -a -o "$work/runs" "$@" >/dev/null
}

# The tools of a scenario take turns, round after round, so a slow spell of the machine (its kernel time swings with
# what else the host does) hits them all alike; the median of each tool's runs is kept.
: > "$work/runs"
echo "scenario 1: model.bin + source tree, deflate ($REPEAT rounds)..."
for _ in $(seq "$REPEAT"); do
  # shellcheck disable=SC2046 # stage_args prints words without blanks in them
  run_once ours-deflate "$work/deflate" "${ci_env[@]}" "${bench[@]}" $(stage_args deflate)
  # shellcheck disable=SC2046
  [ ${#aot[@]} -eq 0 ] || run_once aot-deflate "$work/deflate" "${ci_env[@]}" "${aot[@]}" $(stage_args deflate)
  run_once zip-deflate "$work/deflate" bash -c "cd '$work/deflate' && zip -q -r -6 -n '$STORED' '$work/out/release.zip' src $inputs"
done
echo "scenario 2: model.tar.gz, stored ($STORE_REPEAT rounds)..."
for _ in $(seq "$STORE_REPEAT"); do
  # shellcheck disable=SC2046
  run_once ours-store "$work/store" "${ci_env[@]}" "${bench[@]}" $(stage_args store)
  # shellcheck disable=SC2046
  [ ${#aot[@]} -eq 0 ] || run_once aot-store "$work/store" "${ci_env[@]}" "${aot[@]}" $(stage_args store)
  run_once zip-store "$work/store" bash -c "cd '$work/store' && zip -q -r -n '$STORED' '$work/out/release.zip' $inputs"
  run_once cp-store "$work/store" cp "$work/store/$inputs/model.tar.gz" "$work/out/"
done
echo "scenario 3: model.tar.gz streamed from S3 (mlops-local serve) into the zip ($STORE_REPEAT rounds)..."
dotnet publish "$here/../../src/MlOps.Sdk.LocalWire" -c Release -nologo -v quiet -o "$work/wire" >/dev/null
MLOPS_HOME="$work/wire-home" dotnet "$work/wire/MlOps.Sdk.LocalWire.dll" serve --quiet >"$work/wire.env" 2>"$work/wire.log" &
wire_pid=$!
for _ in $(seq 1 300); do grep -q AWS_ENDPOINT_URL_S3 "$work/wire.env" 2>/dev/null && break; sleep 0.1; done
grep -q AWS_ENDPOINT_URL_S3 "$work/wire.env" || { echo "mlops-local serve did not start:" >&2; cat "$work/wire.log" >&2; exit 1; }
# Local credentials: the server checks that requests are signed, not by whom.
s3_env=(env AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null
  AWS_SHARED_CREDENTIALS_FILE=/dev/null "$(grep -o 'AWS_ENDPOINT_URL_S3=[^ ]*' "$work/wire.env")")
model_uri=s3://bench-models/bench/output/model.tar.gz
"${s3_env[@]}" aws s3 mb s3://bench-models >/dev/null
"${s3_env[@]}" aws s3 cp --only-show-errors "$work/store/$inputs/model.tar.gz" "$model_uri"
# The project as the package job finds it in AWS mode: only the model package description register left.
mkdir -p "$work/s3/$inputs" && printf '{"ModelDataUrl":"%s"}\n' "$model_uri" > "$work/s3/$inputs/model-package.json"
git -C "$work/s3" init -q
for _ in $(seq "$STORE_REPEAT"); do
  # shellcheck disable=SC2046
  run_once ours-s3 "$work/wire-home" "${ci_env[@]}" MLOPS_MODE=aws "${s3_env[@]}" "${bench[@]}" $(stage_args s3)
  run_once s3-download "$work/wire-home" "${s3_env[@]}" aws s3 cp --only-show-errors "$model_uri" "$work/out/model.tar.gz"
done

echo "every run (name, wall s, peak RSS KiB, user s, sys s):"
sort -k1,1 -k2n "$work/runs" | awk '{ runs[$1] = runs[$1] " " $2 } END { for (n in runs) printf "  %-13s%s\n", n, runs[n] }' | sort
# Median by wall time, with that run's memory and CPU.
sort -k1,1 -k2n "$work/runs" | awk '{ rows[$1, ++count[$1]] = $0 }
  END { for (n in count) { split(rows[n, int((count[n] + 1) / 2)], f, " "); print f[1], f[2], f[3], f[4] + f[5] } }' > "$work/results"

deflate_bytes="$(input_bytes "$work/deflate")"
store_bytes="$(input_bytes "$work/store")"
# The floor of the stored case: the manifest needs the SHA-256 of every byte, one stream on one core. openssl's own
# figure for 1 MiB blocks in memory (no file I/O), measured now, in bytes per second.
echo "measuring SHA-256 on one core (openssl speed, 3 s)..."
sha256_rate="$(openssl speed -evp sha256 -bytes 1048576 -seconds 3 2>/dev/null | awk 'tolower($1) ~ /^sha2?-?256$/ { sub(/k$/, "", $NF); print $NF * 1000 }')"
awk -v db="$deflate_bytes" -v sb="$store_bytes" -v sha="${sha256_rate:-0}" '
  { secs[$1] = $2; rss[$1] = $3 / 1024; cpu[$1] = $4 }
  function row(name, bytes) { if (name in secs) printf "%-14s %9.2f s %10.1f MiB/s %10.1f MiB peak RSS %9.2f s CPU\n", name, secs[name], bytes / 1048576 / secs[name], rss[name], cpu[name] }
  function verdict(ok) { return ok ? "PASS" : "FAIL" }
  function verdicts(label, deflate, store) {
    if (!(deflate in secs) || !(store in secs)) return
    t1 = secs["zip-deflate"] / secs[deflate]; t2 = secs["zip-store"] / secs[store]; c = secs[store] / secs["cp-store"]
    m = rss[deflate] > rss[store] ? rss[deflate] : rss[store]
    printf "\n%s\n", label
    printf "  throughput vs zip, deflate:   %.2fx  (target >= 1.5x) %s\n", t1, verdict(t1 >= 1.5)
    printf "  throughput vs zip, stored:    %.2fx  (target >= 1.0x) %s\n", t2, verdict(t2 >= 1.0)
    printf "  time vs cp, compressed file:  %.2fx  (target <= 1.3x) %s\n", c, verdict(c <= 1.3)
    printf "  peak RSS of the packager:     %.1f MiB (target <= 64 MiB) %s\n", m, verdict(m <= 64)
  }
  function streamed() {
    if (!("ours-s3" in secs) || !("s3-download" in secs)) return
    d = secs["ours-s3"] / secs["s3-download"]
    printf "\npackage stage, AWS mode, model.tar.gz streamed from S3 into the zip (no copy on disk):\n"
    printf "  time vs aws s3 cp to disk:    %.2fx  (the download alone, before any zip)\n", d
    printf "  peak RSS of the packager:     %.1f MiB (target <= 64 MiB) %s\n", rss["ours-s3"], verdict(rss["ours-s3"] <= 64)
  }
  function floor() {
    if (sha <= 0 || !("cp-store" in secs)) return
    f = sb / sha
    printf "\nSHA-256 of the stored artifact alone, one core, in memory: %.2f s = %.2fx cp (the floor of \"time vs cp\")\n", f, f / secs["cp-store"]
  }
  END {
    printf "\n%-14s %11s %16s %20s %15s\n", "run", "wall time", "throughput", "memory", "user+sys"
    row("ours-deflate", db); row("aot-deflate", db); row("zip-deflate", db); row("ours-store", sb); row("aot-store", sb); row("zip-store", sb); row("cp-store", sb); row("ours-s3", sb); row("s3-download", sb)
    verdicts("package stage, framework-dependent (what dotnet run --file ci/package.cs starts; runtime defaults):", "ours-deflate", "ours-store")
    verdicts("package stage, published with NativeAOT (dotnet publish ci/package.cs -p:PublishAot=true):", "aot-deflate", "aot-store")
    streamed()
    floor()
  }' "$work/results"
