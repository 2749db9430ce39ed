#!/usr/bin/env bash
# The test virtual environment (.venv-ci) with what the Swift suite itself needs from PyPI:
# numpy, for the reference embedding service (scripts/embedding_server.py) the endpoint tests
# call on loopback. The later scripts add their own packages to the same environment. Prints
# the interpreter's path.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${RAGVAULT_VENV:-.venv-ci}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv" >&2
"$venv/bin/python" -c "import numpy" 2>/dev/null || "$venv/bin/pip" install -q "numpy==2.4.6" >&2
echo "$(pwd)/$venv/bin/python"
