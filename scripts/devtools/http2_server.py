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
import traceback
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


def _hang_up(error):
    """Whether an error is a browser's dropping a connection, no error of the site's: without TLS's
    goodbye, or while Hypercorn still wrote to it. (Python 3.11's asyncio forgets a TLS transport's
    protocol when the transport is closed twice, and a write then raises AttributeError there;
    Hypercorn catches only ConnectionError and RuntimeError around its writes.)"""
    if isinstance(error, (ssl.SSLError, ConnectionError)):
        return True
    return (isinstance(error, AttributeError) and error.__traceback__ is not None
            and Path(traceback.extract_tb(error.__traceback__)[-1].filename).match("asyncio/sslproto.py"))


def _quiet_on_hang_up(loop, context):
    if not _hang_up(context.get("exception")):
        loop.default_exception_handler(context)


def without_hang_ups(run):
    """Runs run(); a hang-up that ended a connection's task is raised again, in a group, only when
    the server stops: it is dropped there, and anything else raised."""
    try:
        run()
    except BaseExceptionGroup as group:
        _, rest = group.split(lambda error: not isinstance(error, BaseExceptionGroup) and _hang_up(error))
        if rest is not None:
            raise rest from None


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
        without_hang_ups(lambda: self._loop.run_until_complete(
            serve(self._app, config, shutdown_trigger=self._stop.wait)))
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
