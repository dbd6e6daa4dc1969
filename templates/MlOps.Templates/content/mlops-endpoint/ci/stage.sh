#!/usr/bin/env bash
# Runs a stage script of this project, ci/<stage>.cs, the way the pipeline's jobs do.
#
#   bash ci/stage.sh <stage> [options]   runs ci/<stage>.cs with the options. It starts the build in .mlops/stages when
#                                        that build was made from this very ci/<stage>.cs (about 0.1 s to start), and
#                                        falls back to `dotnet run --file ci/<stage>.cs` otherwise (restore and compile:
#                                        seconds in a fresh container).
#   bash ci/stage.sh --build-all         builds every ci/*.cs into .mlops/stages. The pipeline's first job does this
#                                        once and hands the folder on as an artifact, so no later job compiles. When
#                                        .mlops/stages already holds builds of exactly these inputs (GitLab's cache
#                                        brings it back), it builds nothing; when only some scripts changed, and not
#                                        their #: directives, it builds only those.
#
# Editing a stage needs nothing of this: change ci/<stage>.cs and run it with `dotnet run --file ci/<stage>.cs`; the
# next pipeline builds the new version, and a stale build is never run (each is checked against its script's SHA-256).
set -euo pipefail

project="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stages="$project/.mlops/stages"

# The project's files a build of the stage scripts depends on besides the scripts: MSBuild imports the first three
# into every build below this folder, and the .NET SDK is chosen by global.json.
build_files=(Directory.Build.props Directory.Build.targets Directory.Packages.props global.json)

# What every build shares: this file, the manifest, the build files, the .NET SDK and the scripts' #: directives (the
# packages and properties they pin, which decide the dependencies copied beside every build). While these hold, a
# changed script is built again alone, as its dependencies are those of the others.
shared_inputs() {
  (
    cd "$project"
    sha256sum ci/stage.sh manifest.json
    for file in "${build_files[@]}"; do
      [ ! -f "$file" ] || sha256sum "$file"
    done
    printf 'directives %s\n' "$(grep -h '^#:' ci/*.cs | sort -u | sha256sum | cut -d' ' -f1)"
  )
  dotnet --info | awk '/^ Version:/ && sdk == "" { sdk = $2 } $1 == "RID:" { rid = $2 } END { print "dotnet sdk " sdk " " rid }'
}

# What the builds in .mlops/stages are made from, one line each: what they share (above) and every script (SHA-256).
build_inputs() {
  printf '%s\n' "$1"
  (cd "$project" && sha256sum ci/*.cs)
}

# Whether a script's build in .mlops/stages was made from this very script (its .sha256 holds the script's hash).
build_current() {
  local name="$1" file
  for file in "$name.dll" "$name.deps.json" "$name.runtimeconfig.json" "$name.sha256"; do
    [ -f "$stages/$file" ] || return 1
  done
  (cd "$project" && sha256sum --check --status "$stages/$name.sha256" 2>/dev/null)
}

# Whether every package the builds were made from is the package a build now would use: each deps.json names its
# packages with their content hash (SHA-512), and NuGet builds from the copy in its packages folder, whose
# .nupkg.metadata holds that hash. A package published again under the same version (a re-packed feed), or missing
# from the folder (so a build would download it), fails this.
packages_current() {
  local folder="${NUGET_PACKAGES:-$HOME/.nuget/packages}" path sha512
  while read -r path sha512; do
    [ -f "$folder/$path/.nupkg.metadata" ] || return 1
    [ "$(awk -F '"' '$2 == "contentHash" { print $4 }' "$folder/$path/.nupkg.metadata")" = "$sha512" ] || return 1
  done < <(awk '
    /^  "libraries": \{/ { libraries = 1 }
    libraries && /"sha512": "sha512-/ { sha512 = $2; gsub(/[",]/, "", sha512); sub(/^sha512-/, "", sha512) }
    libraries && /"path": "/ { path = $2; gsub(/[",]/, "", path) }
    libraries && /^    \}/ { if (sha512 != "" && path != "") print path, sha512; sha512 = ""; path = "" }
    ' "$stages"/*.deps.json | sort -u)
}

# Whether .mlops/stages holds a build of every script from exactly these inputs.
builds_current() {
  local inputs="$1" script name
  [ -f "$stages/inputs.txt" ] && [ "$(< "$stages/inputs.txt")" = "$inputs" ] || return 1
  for script in "$project"/ci/*.cs; do
    name="$(basename "$script" .cs)"
    for file in "$name.dll" "$name.deps.json" "$name.runtimeconfig.json" "$name.sha256"; do
      [ -f "$stages/$file" ] || return 1
    done
  done
  packages_current
}

if [ "${1:-}" = "--build-all" ]; then
  shared="$(shared_inputs)"
  inputs="$(build_inputs "$shared")"
  if builds_current "$inputs"; then
    echo "stage.sh: .mlops/stages holds builds of these very scripts, manifest, build files, packages and .NET SDK: nothing to build"
    exit 0
  fi
  to_build=()
  if [ -f "$stages/shared.txt" ] && [ "$(< "$stages/shared.txt")" = "$shared" ] && packages_current; then
    for script in "$project"/ci/*.cs; do
      build_current "$(basename "$script" .cs)" || to_build+=("$script")
    done
    # A script that is gone leaves no build behind: a job could otherwise run a stage the project no longer has.
    for built in "$stages"/*.sha256; do
      name="$(basename "$built" .sha256)"
      [ -f "$project/ci/$name.cs" ] || rm -f "$stages/$name".{dll,pdb,deps.json,runtimeconfig.json,sha256}
    done
    echo "stage.sh: the shared inputs are unchanged: building the ${#to_build[@]} changed script(s) only"
  else
    rm -rf "$stages"
    to_build=("$project"/ci/*.cs)
  fi
  rm -f "$stages/inputs.txt"
  rm -rf "$stages/.parts"
  mkdir -p "$stages/.parts"
  started_all=$(date +%s%N)
  # One build per script, as many at a time as the runner has cores: each compiles for about 3 s with an empty build
  # cache, so one after the other they were half of a merge request's pipeline. Each builds into a folder of its own
  # (parallel builds copying the same dependencies into one folder would race) that is then merged into .mlops/stages.
  # Every script pins the same MlOps.Sdk.Stages, so the merged folder holds one copy of each dependency. Built for this
  # runner's platform only (--use-current-runtime): one native SQLite instead of every platform's (7 MB, not 59).
  # RestoreForce: a script's restore is otherwise a no-op whenever its package versions are unchanged, even when a
  # package was published again under the same version (a re-packed feed); the build then names the old package's
  # hash in its deps.json, and packages_current finds every later cached build stale and builds again, each pipeline.
  # shellcheck disable=SC2317 # called through xargs, below
  build_one() {
    local script="$1" name started
    name="$(basename "$script" .cs)"
    started=$(date +%s%N)
    dotnet build "$script" -c Release -o "$stages/.parts/$name" --use-current-runtime -p:UseAppHost=false -p:RestoreForce=true --nologo -v quiet -clp:ErrorsOnly \
      > "$stages/.parts/$name.log" 2>&1 || { cat "$stages/.parts/$name.log" >&2; echo "stage.sh: building ci/$name.cs failed" >&2; return 1; }
    echo "stage.sh: built ci/$name.cs in $(( ($(date +%s%N) - started) / 1000000 )) ms"
  }
  export -f build_one
  export stages
  # shellcheck disable=SC2016 # $0 is expanded by the bash that xargs starts
  if [ "${#to_build[@]}" -gt 0 ]; then
    printf '%s\0' "${to_build[@]}" | xargs -0 -n 1 -P "$(nproc)" bash -c 'build_one "$0"'
  fi
  for part in "$stages"/.parts/*/; do
    [ ! -d "$part" ] || cp -a "$part". "$stages/"
  done
  rm -rf "$stages/.parts"
  for script in "${to_build[@]}"; do
    (
      cd "$project"
      sha256sum "ci/$(basename "$script")"
      for file in "${build_files[@]}"; do
        [ ! -f "$file" ] || sha256sum "$file"
      done
    ) > "$stages/$(basename "$script" .cs).sha256"
  done
  # Written last: a build cut short leaves no inputs.txt, so the next --build-all builds again.
  printf '%s\n' "$shared" > "$stages/shared.txt"
  printf '%s\n' "$inputs" > "$stages/inputs.txt"
  echo "stage.sh: built ${#to_build[@]} stage(s) in $(( ($(date +%s%N) - started_all) / 1000000 )) ms"
  exit 0
fi

stage="${1:?usage: bash ci/stage.sh <stage> [options] | --build-all}"
shift
[ -f "$project/ci/$stage.cs" ] || { echo "stage.sh: there is no ci/$stage.cs" >&2; exit 2; }
if [ -f "$stages/$stage.dll" ] && (cd "$project" && sha256sum --check --status "$stages/$stage.sha256" 2>/dev/null); then
  exec dotnet "$stages/$stage.dll" "$@"
fi
echo "stage.sh: no current build of ci/$stage.cs in .mlops/stages: compiling it (dotnet run --file)" >&2
exec dotnet run --file "$project/ci/$stage.cs" -- "$@"
