"""Serve the built site/ the way GitHub Pages serves a project site: under a sub-path
(/sigmoid/), gzip-compressed when the client accepts it, with the site's 404.html for
missing pages. The sitemap's absolute URLs are rewritten to this server's origin (scheme,
host and port only; the path must already match), as if the site were served at its
site_url (Material's instant navigation, when turned on, follows only links in the sitemap).
Used by the browser tests and the Lighthouse report; runnable by hand:

    python scripts/devtools/static_server.py [--port 8000] [--dir site] [--prefix /sigmoid/]
"""

import argparse
import gzip
import mimetypes
import re
import sys
import threading
from functools import lru_cache
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitebuild import ROOT
from sitebuild.config import site_prefix

PREFIX = site_prefix()  # from site_url in mkdocs.yml
# Text types, which GitHub Pages compresses; PNG and woff2 are compressed already.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml")
TYPES = {".js": "application/javascript", ".mjs": "application/javascript",
         ".json": "application/json", ".map": "application/json", ".svg": "image/svg+xml",
         ".woff2": "font/woff2", ".xml": "application/xml", ".gz": "application/gzip"}


@lru_cache(maxsize=512)
def _content(path, mtime_ns, origin, prefix, compress):
    """A file's bytes as served. Keyed by mtime so a rebuilt site is never served stale."""
    data = Path(path).read_bytes()
    if Path(path).name == "sitemap.xml":
        data = re.sub(rb"<loc>[a-z]+://[^/<]+(?=" + re.escape(prefix.encode()) + rb")",
                      b"<loc>" + origin.encode(), data)
    return gzip.compress(data, compresslevel=6, mtime=0) if compress else data


def answer(site_dir, prefix, path, accept_encoding, origin):
    """(status, headers, body) for a GET of `path` (unquoted, no query), as GitHub Pages answers it."""
    site_dir = Path(site_dir)

    def not_found():  # GitHub Pages answers with the site's own 404 page
        return _file(site_dir / "404.html", HTTPStatus.NOT_FOUND, accept_encoding, origin, prefix)

    if path == prefix.rstrip("/"):
        return _redirect(prefix)
    if not path.startswith(prefix):
        return not_found()
    root = site_dir.resolve()
    target = (root / path[len(prefix):]).resolve()
    if target != root and root not in target.parents:  # no escaping the site
        return not_found()
    if target.is_dir():
        if not path.endswith("/"):
            return _redirect(path + "/")
        target = target / "index.html"
    if not target.is_file():
        return not_found()
    return _file(target, HTTPStatus.OK, accept_encoding, origin, prefix)


def _redirect(location):
    return HTTPStatus.MOVED_PERMANENTLY, [("Location", location), ("Content-Length", "0")], b""


def _file(file, status, accept_encoding, origin, prefix):
    ctype = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    textual = ctype.startswith(COMPRESSIBLE)  # all of them are UTF-8 text
    if textual:
        ctype += "; charset=utf-8"
    compress = textual and "gzip" in accept_encoding
    data = _content(str(file), file.stat().st_mtime_ns, origin, prefix, compress)
    headers = [("Content-Type", ctype), ("Content-Length", str(len(data))),
               ("Cache-Control", "max-age=600"),  # GitHub Pages' value
               ("Vary", "Accept-Encoding")]
    return status, headers + ([("Content-Encoding", "gzip")] if compress else []), data


class Handler(SimpleHTTPRequestHandler):
    site_dir = ROOT / "site"
    prefix = PREFIX

    def log_message(self, format, *args):  # quiet: tests report failures themselves
        pass

    def do_GET(self):
        self._respond(body=True)

    def do_HEAD(self):
        self._respond(body=False)

    def _respond(self, body):
        host, port = self.server.server_address[:2]
        status, headers, data = answer(self.site_dir, self.prefix, unquote(urlsplit(self.path).path),
                                       self.headers.get("Accept-Encoding", ""), f"http://{host}:{port}")
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the browser dropped the connection (a page closed while loading): nothing to report
        super().handle_error(request, client_address)


class StaticServer:
    """Context manager: serves site_dir on host at a free port (port=0) in a thread."""

    def __init__(self, site_dir=ROOT / "site", prefix=PREFIX, host="127.0.0.1", port=0):
        handler = type("SiteHandler", (Handler,), {"site_dir": Path(site_dir), "prefix": prefix})
        self.httpd = QuietServer((host, port), handler)
        self.host, self.port = self.httpd.server_address[:2]
        self.url = f"http://{self.host}:{self.port}{prefix}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=str(ROOT / "site"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--prefix", default=PREFIX)
    args = parser.parse_args()
    server = StaticServer(args.dir, args.prefix, args.host, args.port)
    print(f"serving {args.dir} at {server.url} (Ctrl-C to stop)")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()


if __name__ == "__main__":
    main()
