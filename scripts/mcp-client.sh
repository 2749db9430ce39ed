#!/usr/bin/env bash
# The official Python MCP client (`mcp` on PyPI, in a venv) against `ragvault mcp` (stdio) and
# `/mcp` on a live `ragvault serve`, over the fixture tenants; then `ragvault probe --url` against
# the same server. Expects the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cleanup.sh
bin=$(pwd)/.build/debug/ragvault
venv=${RAGVAULT_VENV:-.venv-ci}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import mcp" 2>/dev/null || "$venv/bin/pip" install -q "mcp==1.30.0"
work=$(mktemp -d)
server=""
trap 'stop_then_remove "$work" $server' EXIT
data="$work/data"
"$bin" init --data "$data" >/dev/null
for t in acme globex; do
  "$bin" tenant create $t --data "$data" >/dev/null
  "$bin" index --tenant $t --data "$data" fixtures/tenants/$t >/dev/null || true
done
# The isolation probe through the library against the fixture data directory.
"$bin" probe --data "$data" >"$work/probe-data.txt" || { cat "$work/probe-data.txt"; exit 1; }
key() { "$bin" apikey create --data "$data" "$@" 2>/dev/null; }
export KEY_CAROL=$(key --tenant acme --subject carol --roles hr,employee)
export KEY_ALICE=$(key --tenant acme --subject alice --roles eng,employee)
export KEY_DANA=$(key --tenant globex --subject dana --roles staff)
export KEY_REVOKED=$(key --tenant acme --subject erin --roles hr)
"$bin" serve --data "$data" --port 0 >"$work/requests.jsonl" 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do grep -q "serving .* on http" "$work/server.log" && break; sleep 0.1; done
export RAGVAULT_URL=$(grep -o "on http://[^ ]*" "$work/server.log" | head -1 | cut -c4-)
export RAGVAULT_BIN="$bin" RAGVAULT_DATA="$data"
"$venv/bin/python" scripts/mcp_client_check.py
# The isolation probe against the same live server, with nothing but an operator key.
"$bin" probe --url "$RAGVAULT_URL" --key "$("$bin" apikey create --data "$data" --operator 2>/dev/null)" --junit "$work/probe.xml"
# No request of the run was answered 5xx (the JSON request log writes status as a string).
if grep -qE '"status":"?5[0-9][0-9]' "$work/requests.jsonl"; then echo "a request was answered 5xx"; exit 1; fi
