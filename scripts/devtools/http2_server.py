"""Serve the built site over HTTP/2 and TLS, the way GitHub Pages serves it to browsers, for the
Lighthouse report (`scripts/bench/lighthouse.py --http2`). Over the static server's HTTP/1.1 a
browser opens at most six connections to the site and queues the rest of a page's stylesheets and
fonts behind them; over HTTP/2 they share one connection. The answers are the static server's
(devtools.static_server.answer); Hypercorn speaks HTTP/2. The certificate is self-signed and made
for the run by openssl, so the browser must be told to accept it (--ignore-certificate-errors).
"""

import asyncio
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote

from sitebuild import ROOT

from devtools.static_server import PREFIX, answer


def _certificate(folder, host):
    """A self-signed certificate and its key for host, written to folder: (certfile, keyfile)."""
    if shutil.which("openssl") is None:
        raise SystemExit("openssl is needed for the HTTP/2 server's certificate: install it (Debian: openssl)")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={host}",
                    "-addext", f"subjectAltName=IP:{host}"], check=True, capture_output=True)
    return cert, key


def _quiet_on_hang_up(loop, context):
    """A browser that drops a connection without TLS's goodbye is no error of the site's."""
    if not isinstance(context.get("exception"), (ssl.SSLError, ConnectionError)):
        loop.default_exception_handler(context)


class Http2Server:
    """Context manager: serves site_dir over HTTPS (HTTP/2, else HTTP/1.1) at a free port, in a thread."""

    def __init__(self, site_dir=ROOT / "site", prefix=PREFIX, host="127.0.0.1"):
        self.site_dir, self.prefix, self.host = Path(site_dir), prefix, host
        listening = socket.create_server((host, 0))  # bound and listening now: no race for the port
        self.port = listening.getsockname()[1]
        self._fd = listening.detach()  # Hypercorn's from here on: it closes it when it stops
        self.url = f"https://{host}:{self.port}{prefix}"

    async def _app(self, scope, receive, send):
        if scope["type"] != "http":  # lifespan events: nothing to set up
            return
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        status, response_headers, data = answer(self.site_dir, self.prefix, unquote(scope["path"]),
                                                headers.get("accept-encoding", ""),
                                                f"https://{self.host}:{self.port}")
        await send({"type": "http.response.start", "status": int(status),
                    "headers": [(k.lower().encode(), v.encode()) for k, v in response_headers]})
        await send({"type": "http.response.body", "body": data if scope["method"] != "HEAD" else b""})

    def _serve(self, certfile, keyfile):
        from hypercorn.asyncio import serve
        from hypercorn.config import Config

        config = Config()
        config.bind = [f"fd://{self._fd}"]
        config.certfile, config.keyfile = str(certfile), str(keyfile)
        config.alpn_protocols = ["h2", "http/1.1"]
        config.accesslog = config.errorlog = None
        self._loop.set_exception_handler(_quiet_on_hang_up)
        self._loop.run_until_complete(serve(self._app, config, shutdown_trigger=self._stop.wait))
        self._loop.close()

    def __enter__(self):
        self._folder = tempfile.TemporaryDirectory()
        certfile, keyfile = _certificate(Path(self._folder.name), self.host)
        self._loop, self._stop = asyncio.new_event_loop(), asyncio.Event()
        self._thread = threading.Thread(target=self._serve, args=(certfile, keyfile), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)
        self._folder.cleanup()
