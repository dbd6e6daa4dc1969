"""Model server of the fault bench: SageMaker's container contract (serve, /ping, /invocations) on 127.0.0.1.

It answers every invocation with {"version": $VERSION}. With GATE_FILE set, /ping answers 503 until that file exists,
so a new fleet can be held before its health check passes while the bench kills a server.
"""
import json
import os
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

if len(sys.argv) < 2 or sys.argv[1] != "serve":
    sys.exit(2)

VERSION = os.environ.get("VERSION", "v1")
GATE_FILE = os.environ.get("GATE_FILE")
PORT = int(os.environ.get("SAGEMAKER_BIND_TO_PORT", "8080"))
ANSWER = json.dumps({"version": VERSION}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm holds the body until the client's
        # delayed ACK (40 ms), which capped each connection at about 25 answers a second.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        healthy = GATE_FILE is None or os.path.exists(GATE_FILE)
        if self.path == "/ping" and healthy:
            self.reply(200, b"{}")
        else:
            self.reply(503, b'{"error": "not ready"}')

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.reply(200, ANSWER)


ThreadingHTTPServer.daemon_threads = True
print(f"gated server {VERSION} on 127.0.0.1:{PORT}", flush=True)
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
