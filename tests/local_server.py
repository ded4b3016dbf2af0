"""A local HTTP server for the tests that fetch pages and feeds: nothing touches the internet."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1 on a free port, in a thread; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def respond(
    handler: BaseHTTPRequestHandler, status: int, kind: str, body: str, **headers: str
) -> None:
    """Answer `handler`'s request: `body` as UTF-8 with its length, `kind` as its type (none if
    empty), and any further `headers` (underscores for dashes: `Last_Modified=...`)."""
    data = body.encode("utf-8")
    handler.send_response(status)
    if kind:
        handler.send_header("Content-Type", kind)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)
