#!/usr/bin/env bash
# The CLI tour (docs/demo.md): a private data directory with the two fixture
# tenants indexed (ACLs from their manifests, secrets scrubbed, bad files reported), verified.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/debug/ragvault
data=${RAGVAULT_DATA:-./ragvault-data}
if [ ! -f "$data/vault.json" ]; then
  "$bin" init --data "$data"
fi
for tenant in acme globex; do
  "$bin" tenant list --data "$data" --json | grep -q "\"name\" : \"$tenant\"" || "$bin" tenant create "$tenant" --data "$data"
  echo "== indexing fixtures/tenants/$tenant"
  "$bin" index --tenant "$tenant" --data "$data" "fixtures/tenants/$tenant"
done
echo "== documents of acme"
"$bin" docs --tenant acme --data "$data"
echo "== search as alice (role:eng)"
"$bin" query --tenant acme --data "$data" --as alice --roles eng "rotate the signing key"
echo "== search as carol (role:hr): the salary file, with its IBAN and SSN redacted"
"$bin" query --tenant acme --data "$data" --as carol --roles hr "salary contractor"
echo "== the same search as bob (role:hr, role:finance, but denied by user:bob)"
"$bin" query --tenant acme --data "$data" --as bob --roles hr,finance "salary contractor"
echo "== redaction of a sample line"
echo "Mail dana@globex.example, card 4111 1111 1111 1111, token ghp_R2x8mQ7vL4pZ9tY1wK6nB3cJ5hF0dS8aE2uG" | "$bin" redact
echo
"$bin" doctor --data "$data"
