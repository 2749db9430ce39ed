#!/usr/bin/env bash
# The README's main job: create a private data directory with two tenants and verify it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/ragvault
data=${RAGVAULT_DATA:-./ragvault-data}
if [ ! -f "$data/vault.json" ]; then
  "$bin" init --data "$data"
fi
for tenant in acme globex; do
  "$bin" tenant list --data "$data" --json | grep -q "\"name\" : \"$tenant\"" || "$bin" tenant create "$tenant" --data "$data"
done
"$bin" tenant list --data "$data"
"$bin" doctor --data "$data"
