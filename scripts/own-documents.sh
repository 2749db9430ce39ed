#!/usr/bin/env bash
# The README's "Your own documents" walk-through, run as written (make test runs it, so the
# README cannot drift from what the binary does). Uses the debug build unless RAGVAULT_BIN is set.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cleanup.sh
B=${RAGVAULT_BIN:-$PWD/.build/debug/ragvault}
work=$(mktemp -d)
server=""
trap 'stop_then_remove "$work" $server' EXIT
cd "$work"
fail() { echo "own-documents: $*" >&2; exit 1; }

# 1. A data directory (random master key in a 0600 key file) and a tenant.
$B init --data ./data
$B tenant create acme --data ./data

# 2. Documents with access lists: a manifest per folder, the nearest one wins.
mkdir -p handbook/eng handbook/hr
echo '{"allow": ["role:employee"]}' > handbook/ragvault.acl.json
echo '{"allow": ["role:hr"], "deny": ["user:mallory"]}' > handbook/hr/ragvault.acl.json
printf '# Deploys\n\nRelease on Tuesdays. The deploy token is ghp_R2d2C3poX9wingA1B2c3D4e5F6g7H8i9J0kL.\n' > handbook/eng/deploys.md
printf '# Pay\n\nSalaries are paid on the 25th. Questions: payroll@example.com.\n' > handbook/hr/pay.md

# 3. Index them (again later: only what changed is written).
$B index --tenant acme --data ./data handbook

# 4. Search as someone: an employee sees the deploy note, with the token scrubbed at ingest...
$B query --tenant acme --data ./data --as ann --roles employee "deploy token" | tee out.txt
grep -q "Release on Tuesdays" out.txt || fail "the employee did not find the deploy note"
grep -q "ghp_" out.txt && fail "the token was not scrubbed"
# ...and not the HR page, which only role:hr may read.
$B query --tenant acme --data ./data --as ann --roles employee "salaries paid" > out.txt
grep -q "25th" out.txt && fail "an employee read an HR page"
$B query --tenant acme --data ./data --as hal --roles hr "salaries paid" | grep -q "25th" || fail "HR did not find its page"

# 5. A key for an assistant, then the same search over HTTP and MCP.
KEY=$($B apikey create --tenant acme --subject ann --roles employee --scopes search --data ./data)
$B serve --data ./data --port 0 > requests.jsonl 2> serve.log &
server=$!
for _ in $(seq 1 100); do grep -q "serving .* on http" serve.log && break; sleep 0.1; done
URL=$(grep -o "on http://[^ ]*" serve.log | head -1 | cut -c4-)
curl -s "$URL/v1/search" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
     -d '{"query": "deploy token", "top_k": 3}' | tee out.json
grep -q "Release on Tuesdays" out.json || fail "HTTP search did not find the deploy note"
kill "$server"; wait "$server" || true; server=""
printf '%s\n' \
  '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"walk","version":"1"}}}' \
  '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
  '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"search","arguments":{"query":"deploy token"}}}' \
  | RAGVAULT_API_KEY=$KEY $B mcp --data ./data 2>/dev/null > mcp.out
grep -q "Release on Tuesdays" mcp.out || fail "the MCP search did not find the deploy note"
echo "own-documents: the walk-through ran as written"
