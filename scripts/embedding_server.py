"""An OpenAI-compatible embedding service on loopback, for tests: all-MiniLM-L6-v2 run with
numpy from the same safetensors and vocabulary as the in-process model, written from BERT's
definition (WordPiece tokenizer, 6 post-norm layers, GELU, mean pooling, unit length).

    python3 scripts/embedding_server.py MODEL_DIR KEY

Binds 127.0.0.1 on a free port and prints it. Paths choose a behaviour:
  POST /v1/embeddings            answers (401 unless "Authorization: Bearer KEY")
  POST /slow/v1/embeddings       answers after 3 s
  POST /stalled/v1/embeddings    answers after 60 s (or never, once stopped)
  POST /redirect/v1/embeddings   307 to /v1/embeddings
  POST /wrongdims/v1/embeddings  vectors one number short
  POST /garbage/v1/embeddings    200 with a body that is not JSON
  GET  /received                 every input text received so far, as a JSON list
Exits when its parent process is gone.
"""
import http.server, json, os, struct, sys, threading, time, unicodedata

import numpy as np

MODEL, KEY = sys.argv[1], sys.argv[2]


def load_tensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return tensors


W = load_tensors(os.path.join(MODEL, "model.safetensors"))
W = {k.removeprefix("bert."): v for k, v in W.items()}
VOCAB = {}
with open(os.path.join(MODEL, "vocab.txt"), encoding="utf-8") as f:
    for i, line in enumerate(f):
        VOCAB[line.rstrip("\n")] = i


def is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp):
    return any(a <= cp <= b for a, b in [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F),
                                         (0x2B740, 0x2B81F), (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)])


def basic_tokens(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
            continue
        out.append(" " if ch.isspace() else (f" {ch} " if is_cjk(cp) else ch))
    words = []
    for word in "".join(out).lower().split():
        word = "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")
        current = ""
        for ch in word:
            if is_punct(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


def wordpiece(word):
    if len(word) > 100:
        return [VOCAB["[UNK]"]]
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            piece = ("##" if start > 0 else "") + word[start:end]
            if piece in VOCAB:
                found = VOCAB[piece]
                break
            end -= 1
        if found is None:
            return [VOCAB["[UNK]"]]
        pieces.append(found)
        start = end
    return pieces


def encode(text, limit=256):
    ids = [p for w in basic_tokens(text) for p in wordpiece(w)]
    return [VOCAB["[CLS]"]] + ids[: limit - 2] + [VOCAB["[SEP]"]]


def layer_norm(x, name):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * W[name + ".weight"] + W[name + ".bias"]


def linear(x, name):
    return x @ W[name + ".weight"].T + W[name + ".bias"]


def erf(x):
    # Abramowitz and Stegun 7.1.26 (absolute error 1.5e-7): numpy has no erf.
    a = np.abs(x)
    t = 1 / (1 + 0.3275911 * a)
    y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * np.exp(-a * a)
    return np.sign(x) * y


def embed(text):
    ids = encode(text)
    n = len(ids)
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:n] + W["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, "embeddings.LayerNorm")
    for i in range(6):
        p = f"encoder.layer.{i}."
        q, k, v = (linear(x, p + "attention.self." + m).reshape(n, 12, 32).transpose(1, 0, 2) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(32)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, 384)
        x = layer_norm(linear(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        inner = linear(x, p + "intermediate.dense")
        inner = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
        x = layer_norm(linear(inner, p + "output.dense") + x, p + "output.LayerNorm")
    pooled = x.mean(0)
    return (pooled / np.linalg.norm(pooled)).tolist()


RECEIVED = []
LOCK = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/received":
            with LOCK:
                return self.answer(200, list(RECEIVED))
        self.answer(404, {"error": "not found"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        mode = self.path.removesuffix("/v1/embeddings").strip("/")
        if not self.path.endswith("/v1/embeddings"):
            return self.answer(404, {"error": "not found"})
        if mode == "redirect":
            return self.answer(307, {}, [("Location", "/v1/embeddings")])
        if self.headers.get("Authorization") != "Bearer " + KEY:
            return self.answer(401, {"error": {"message": "bad key"}})
        request = json.loads(body)
        with LOCK:
            RECEIVED.extend(request["input"])
        if mode == "slow":
            time.sleep(3)
        if mode == "stalled":
            time.sleep(60)
        if mode == "garbage":
            return self.answer(200, b"<html>not json</html>")
        vectors = [embed(t) for t in request["input"]]
        if mode == "wrongdims":
            vectors = [v[:-1] for v in vectors]
        self.answer(200, {"object": "list", "model": request["model"],
                          "data": [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]})


def watch_parent(parent):
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


threading.Thread(target=watch_parent, args=(os.getppid(),), daemon=True).start()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
