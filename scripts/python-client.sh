#!/usr/bin/env bash
# The Python client (clients/python) with its LangChain, LlamaIndex and Haystack extras, installed
# from PyPI into .venv-ci, tested with pytest against a real `ragvault serve` over the fixtures
# (the tests start it). Expects the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${RAGVAULT_VENV:-.venv-ci}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if ! "$venv/bin/python" -c "import ragvault.langchain, ragvault.llamaindex, ragvault.haystack, ragvault._aiohttp, pytest, joserfc" 2>/dev/null; then
  "$venv/bin/pip" install -q "langchain-core==1.8.1" "llama-index-core==0.14.25" "haystack-ai==3.4.1" "aiohttp==3.14.5" "pytest==9.2.0" \
    "joserfc==1.8.0"
  "$venv/bin/pip" install -q -e "clients/python[langchain,llamaindex,haystack,aiohttp,test]"
fi
RAGVAULT_BIN=$(pwd)/.build/debug/ragvault "$venv/bin/python" -m pytest -q -p no:cacheprovider clients/python/tests
