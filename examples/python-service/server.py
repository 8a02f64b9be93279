"""A Python HTTP service (standard library only) that renders pages and keeps the last ones in a cache.

GET /render?id=N  a 16 KiB page for item N, served from an LRU cache of CACHE_ENTRIES pages
GET /healthz      200
CACHE_ENTRIES=0 removes the bound: every page rendered stays in memory (the regression).
"""

import hashlib
import os
from collections import OrderedDict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock
from urllib.parse import parse_qs, urlparse

PORT = int(os.environ.get("PORT", "8000"))
CACHE_ENTRIES = int(os.environ.get("CACHE_ENTRIES", "500"))
PAGE_BYTES = 16 * 1024

cache = OrderedDict()
lock = Lock()


def render(item):
    seed = hashlib.sha256(item.encode()).hexdigest().encode()
    return (seed * (PAGE_BYTES // len(seed) + 1))[:PAGE_BYTES]


def page(item):
    with lock:
        hit = cache.get(item)
        if hit is not None:
            cache.move_to_end(item)
            return hit
    body = render(item)
    with lock:
        cache[item] = body
        if CACHE_ENTRIES > 0:
            while len(cache) > CACHE_ENTRIES:
                cache.popitem(last=False)
    return body


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes: without this, Nagle + delayed ACK cost 40 ms a request.
    disable_nagle_algorithm = True

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/healthz":
            body = b"ok"
        elif url.path == "/render":
            body = page(parse_qs(url.query).get("id", ["0"])[0])
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    print(f"listening on {PORT} (cache: {CACHE_ENTRIES or 'unbounded'} pages)", flush=True)
    ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
