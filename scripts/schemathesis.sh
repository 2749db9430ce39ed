#!/usr/bin/env bash
# Holds the live server to its contract: schemathesis (PyPI, in a venv) generates requests from
# Sources/RAGVaultHTTP/openapi.yaml — valid and invalid — against `ragvault serve` on loopback
# with a tenant admin key (every route, every scope), and fails on any 5xx or any response
# that violates the schema. Expects the debug build (`make test` builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/cleanup.sh
bin=.build/debug/ragvault
venv=${RAGVAULT_VENV:-.venv-ci}
[ -x "$venv/bin/schemathesis" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "schemathesis==4.32.5"; }
work=$(mktemp -d)
server=""
trap 'stop_then_remove "$work" $server' EXIT
"$bin" init --data "$work/data" >/dev/null
"$bin" tenant create acme --data "$work/data" >/dev/null
"$bin" index --tenant acme --data "$work/data" fixtures/tenants/acme >/dev/null
key=$("$bin" apikey create --tenant acme --subject tester --roles eng,hr,employee --scopes search,ingest,admin --data "$work/data" 2>/dev/null)
operator=$("$bin" apikey create --operator --data "$work/data" 2>/dev/null)
# Revocation gets a key of its own: the stateful phase finds the key's own id in GET /v1/keys
# and revokes it, after which every other operation would only be tested for 401.
revoker=$("$bin" apikey create --tenant acme --subject tester --roles eng --scopes search,admin --data "$work/data" 2>/dev/null)
# stderr: the port line; stdout: the JSON request log, read for 5xx at the end.
"$bin" serve --data "$work/data" --port 0 --rate-limit 100000 --refusal-rate 100000 --public-url http://127.0.0.1 >"$work/requests.jsonl" 2>"$work/server.log" &
server=$!
for _ in $(seq 1 100); do grep -q "serving .* on http" "$work/server.log" && break; sleep 0.1; done
url=$(grep -o "on http://[^ ]*" "$work/server.log" | head -1 | cut -c4-)
[ -n "$url" ] || { cat "$work/server.log"; exit 1; }
checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
# The NDJSON batch route is left to the Swift tests: schemathesis has no NDJSON serializer.
echo "== schemathesis against $url (tenant admin key)"
"$venv/bin/schemathesis" run "$url/openapi.yaml" --url "$url" -H "Authorization: Bearer $key" \
  --exclude-operation-id batchDocuments --exclude-operation-id revokeKey --checks "$checks" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --request-timeout 20 --suppress-health-check all
echo "== schemathesis against $url (key revocation, its own admin key)"
"$venv/bin/schemathesis" run "$url/openapi.yaml" --url "$url" -H "Authorization: Bearer $revoker" \
  --include-operation-id revokeKey --checks "$checks" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --request-timeout 20 --suppress-health-check all
echo "== schemathesis against $url (operator key, tenant routes)"
"$venv/bin/schemathesis" run "$url/openapi.yaml" --url "$url" -H "Authorization: Bearer $operator" \
  --include-path-regex '^/v1/tenants' --checks "$checks" \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --request-timeout 20 --suppress-health-check all
# Graceful shutdown: SIGTERM lets in-flight requests finish and the server exit cleanly.
kill -TERM "$server"
wait "$server"
# The log writes status as a string ("status":"404"); any 5xx fails the run.
[ -s "$work/requests.jsonl" ] || { echo "the server wrote no request log"; exit 1; }
if grep -qE '"status":"?5[0-9][0-9]' "$work/requests.jsonl"; then echo "a request was answered 5xx:"; grep -E '"status":"?5[0-9][0-9]' "$work/requests.jsonl" | head -5; exit 1; fi
echo "schemathesis: passed; server shut down cleanly"
