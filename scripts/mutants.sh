#!/usr/bin/env bash
# Mutation testing of the security-critical code: every mutants/NAME.patch is one small,
# deliberate bug (a dropped deny clause, an unredacted field, a missing AAD component…). Each
# is applied alone and the package rebuilt incrementally; the tests the patch's first lines say
# it was meant to fail run first (`Meant to fail: Suite.test`; patch ignores text before the
# diff), and if none fails, the whole suite. A mutant nothing notices SURVIVES and the script
# fails, naming those tests.
# Adding a mutant is adding one patch file: make the edit, then
# `{ echo "Meant to fail: Suite.test"; git diff; } > mutants/NAME.patch`, and undo it.
#
#   scripts/mutants.sh                 every mutant, in a scratch copy (.build-mutants/tree)
#   scripts/mutants.sh NAME…           only these
#   scripts/mutants.sh --rotate N      N mutants chosen by the day (CI: a rotating subset)
#   scripts/mutants.sh --in-place …    mutate this checkout and reuse its .build (CI's throw-away
#                                      clone; each patch is reverted after its run)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# The interpreter of the reference embedding service (numpy): make test's environment when there is one.
if [ -z "${RAGVAULT_PYTHON:-}" ] && [ -x "$root/.venv-ci/bin/python" ]; then export RAGVAULT_PYTHON="$root/.venv-ci/bin/python"; fi
in_place=0
rotate=0
selected=()
while [ $# -gt 0 ]; do
  case "$1" in
    --in-place) in_place=1 ;;
    --rotate) rotate=$2; shift ;;
    *) selected+=("mutants/$1.patch") ;;
  esac
  shift
done
all=(mutants/*.patch)
if [ ${#selected[@]} -eq 0 ]; then
  if [ "$rotate" -gt 0 ]; then
    # A different window of the list each day, so that every mutant runs within a few days.
    start=$(( ($(date +%j | sed 's/^0*//') * rotate) % ${#all[@]} ))
    for i in $(seq 0 $((rotate - 1))); do selected+=("${all[$(( (start + i) % ${#all[@]} ))]}"); done
  else
    selected=("${all[@]}")
  fi
fi

if [ $in_place -eq 1 ]; then
  tree=$root
else
  # Sources and tests copied fresh; the scratch copy's own .build is kept between runs.
  tree=$root/.build-mutants/tree
  mkdir -p "$tree"
  rm -rf "$tree/Sources" "$tree/Tests" "$tree/fixtures" "$tree/mutants"
  tar -C "$root" --exclude=./.build --exclude='./.build-*' --exclude='./.build_*' --exclude=./.git -cf - . | tar -C "$tree" -xf -
fi
logs=$root/.build-mutants/logs
mkdir -p "$logs"

survivors=()
broken=()
for listed in "${selected[@]}"; do
  name=$(basename "$listed" .patch)
  # Patches are read from the tree under test, copied at the start: editing mutants/ in the
  # checkout while a run goes on cannot change what this run applies.
  patch=$tree/$listed
  [ -f "$patch" ] || { echo "no such mutant: $name"; broken+=("$name"); continue; }
  if ! patch -s -p1 --no-backup-if-mismatch -d "$tree" < "$patch"; then
    echo "$name: does not apply (update the patch)"; broken+=("$name"); continue
  fi
  started=$(date +%s)
  if ! (cd "$tree" && swift build --build-tests) > "$logs/$name.build.log" 2>&1; then
    echo "$name: does not build (see $logs/$name.build.log)"; broken+=("$name")
  else
    # The tests the patch names first: when one fails the mutant is killed without running the
    # other few hundred (most mutants; a run of the list takes a third of the time). When they
    # all pass — or name nothing that exists — the whole suite decides, as before.
    filters=()
    while read -r test; do
      # Suite.test → the regex "Suite/test\(" (test ids read "Module.Suite/test(args:)").
      [ -n "$test" ] && filters+=(--filter "$(printf '%s' "$test" | sed -E 's/^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)$/\1\/\2\\(/')")
    done < <(sed -n 's/^Meant to fail: //p' "$patch")
    status=0
    if [ ${#filters[@]} -gt 0 ]; then
      (cd "$tree" && timeout --kill-after=60 1800 swift test --skip-build --parallel "${filters[@]}") > "$logs/$name.test.log" 2>&1
      status=$?
      # Only a failed test or a crash counts; any other error (a filter swift test refused)
      # leaves it to the whole suite.
      grep -qE '^✘ Test |signal code' "$logs/$name.test.log" || status=0
    fi
    if [ $status -eq 0 ]; then
      # A mutant that makes the suite hang (a crashed test process whose child holds its output
      # open) must not stall the whole run: 30 minutes, then it counts as detected, and says so.
      (cd "$tree" && timeout --kill-after=60 1800 swift test --skip-build --parallel) > "$logs/$name.test.log" 2>&1
      status=$?
    fi
    [ $status -eq 124 ] || [ $status -eq 137 ] && echo "$name: the suite did not finish in 30 minutes (see $logs/$name.test.log)"
    killers=$(grep -E '^✘ Test [^ ]+\(' "$logs/$name.test.log" | sed -E 's/^✘ Test ([^ ]+\)).*/\1/' | sort -u | tr '\n' ' ')
    seconds=$(( $(date +%s) - started ))
    meant=$(sed -n 's/^Meant to fail: //p' "$patch" | tr '\n' ' ')
    if [ $status -eq 0 ]; then
      echo "SURVIVED $name (${seconds}s): the suite passed with this bug in; it was meant to fail ${meant:-(no 'Meant to fail:' line in $patch)}"
      survivors+=("$name")
    else
      echo "killed   $name (${seconds}s) by: ${killers:-the suite (see $logs/$name.test.log)}"
    fi
  fi
  patch -s -R -p1 --no-backup-if-mismatch -d "$tree" < "$patch"
done

if [ $in_place -eq 1 ]; then
  # Leave the checkout's build matching its sources.
  swift build --build-tests > "$logs/restore.build.log" 2>&1
fi
echo "${#selected[@]} mutant(s): $(( ${#selected[@]} - ${#survivors[@]} - ${#broken[@]} )) killed, ${#survivors[@]} survived, ${#broken[@]} broken"
[ ${#survivors[@]} -eq 0 ] && [ ${#broken[@]} -eq 0 ]
