"""An ML-style inference service (Python standard library + numpy): a toy transformer MLP block.

POST /v1/complete {"prompt": "..."}  tokenises the prompt (16 bytes a token), keeps the last
MAX_TOKENS of them (the context window), runs BATCH copies through one MLP-like block and answers a
few numbers. Activations are BATCH x tokens x HIDDEN floats, and the block expands them 4x: the peak
grows with batch size x sequence length. GET /healthz answers 200.
MAX_TOKENS=0 removes the context-window truncation: a long prompt goes through whole (the regression).
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

import numpy as np

PORT = int(os.environ.get("PORT", "8000"))
MAX_TOKENS = int(os.environ.get("MAX_TOKENS", "1024"))
BATCH = int(os.environ.get("BATCH", "4"))
HIDDEN = 256
EXPANSION = 4
BYTES_PER_TOKEN = 16

rng = np.random.default_rng(7)
EMBED = rng.standard_normal((256, HIDDEN), dtype=np.float32)
SCALES = np.arange(1, EXPANSION + 1, dtype=np.float32)
model = Lock()  # one inference at a time, as on a single accelerator


def infer(prompt: bytes):
    tokens = np.frombuffer(prompt[: len(prompt) - len(prompt) % BYTES_PER_TOKEN], dtype=np.uint8)
    tokens = tokens[::BYTES_PER_TOKEN]
    if MAX_TOKENS > 0:
        tokens = tokens[-MAX_TOKENS:]
    with model:
        x = np.broadcast_to(EMBED[tokens], (BATCH, len(tokens), HIDDEN))
        # BATCH x tokens x HIDDEN x EXPANSION floats: the peak (elementwise, so it stays fast without BLAS)
        h = np.maximum(x[..., None] * SCALES, 0)
        y = h.sum(axis=(-1, -2))
        return {"tokens": int(len(tokens)), "batch": BATCH, "mean": float(y.mean())}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self):
        self.reply(200, {"ok": True} if self.path == "/healthz" else {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        self.reply(200, infer(body.get("prompt", "").encode()))

    def reply(self, status, obj):
        data = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    print(f"listening on {PORT} (batch {BATCH}, context {MAX_TOKENS or 'unlimited'} tokens)", flush=True)
    ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
