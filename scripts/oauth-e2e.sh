#!/usr/bin/env bash
# End to end with a real OAuth 2.1 authorization server (authlib on Flask, from PyPI, started
# here on loopback) and the official Python MCP client: `ragvault serve --public-url` makes each
# tenant's MCP tools a protected resource, and the client completes discovery, authorization
# code + PKCE and searches as two users of acme and one of globex. Expects the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cleanup.sh
bin=$(pwd)/.build/debug/ragvault
venv=${RAGVAULT_VENV:-.venv-ci}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import mcp, authlib, flask" 2>/dev/null || "$venv/bin/pip" install -q "mcp==1.30.0" "authlib==1.9.6" "flask==3.1.3"
work=$(mktemp -d)
pids=()
trap 'stop_then_remove "$work" "${pids[@]}"' EXIT
free_port() { "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_port=$(free_port)
rv_port=$(free_port)
"$venv/bin/python" scripts/oauth_provider.py "$as_port" >"$work/idp.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q ready "$work/idp.log" && break; sleep 0.1; done
grep -q ready "$work/idp.log" || { cat "$work/idp.log"; exit 1; }
data="$work/data"
"$bin" init --data "$data" >/dev/null
for t in acme globex; do
  "$bin" tenant create $t --data "$data" >/dev/null
  "$bin" index --tenant $t --data "$data" fixtures/tenants/$t >/dev/null || true
  # The tenant trusts its realm for tokens bound to its own resource URL; groups become roles.
  "$bin" idp add --data "$data" --tenant $t --issuer "http://127.0.0.1:$as_port/$t" \
    --audience "http://127.0.0.1:$rv_port/t/$t" --jwks-url "http://127.0.0.1:$as_port/$t/jwks" --roles-claim groups >/dev/null
done
"$bin" serve --data "$data" --port "$rv_port" --public-url "http://127.0.0.1:$rv_port" >"$work/requests.jsonl" 2>"$work/server.log" &
pids+=($!)
for _ in $(seq 1 100); do grep -q "serving .* on http" "$work/server.log" && break; sleep 0.1; done
export RAGVAULT_URL="http://127.0.0.1:$rv_port"
"$venv/bin/python" scripts/oauth_client_check.py || { echo "--- authorization server log"; tail -20 "$work/idp.log"; exit 1; }
if grep -qE '"status":"?5[0-9][0-9]' "$work/requests.jsonl"; then echo "a request was answered 5xx"; exit 1; fi
echo "oauth-e2e: the MCP client signed in through a real authorization server and searched as each user"
