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
        path = unquote(urlsplit(self.path).path)
        if path == self.prefix.rstrip("/"):
            return self._redirect(self.prefix)
        if not path.startswith(self.prefix):
            return self._send_file(self.site_dir / "404.html", HTTPStatus.NOT_FOUND, body)
        root = self.site_dir.resolve()
        target = (root / path[len(self.prefix):]).resolve()
        if target != root and root not in target.parents:  # no escaping the site
            return self._send_file(self.site_dir / "404.html", HTTPStatus.NOT_FOUND, body)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._send_file(self.site_dir / "404.html", HTTPStatus.NOT_FOUND, body)
        self._send_file(target, HTTPStatus.OK, body)

    def _redirect(self, location):
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_file(self, file, status, body):
        ctype = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        textual = ctype.startswith(COMPRESSIBLE)  # all of them are UTF-8 text
        if textual:
            ctype += "; charset=utf-8"
        compress = textual and "gzip" in self.headers.get("Accept-Encoding", "")
        host, port = self.server.server_address[:2]
        data = _content(str(file), file.stat().st_mtime_ns, f"http://{host}:{port}", self.prefix, compress)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' value
        self.send_header("Vary", "Accept-Encoding")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)


class StaticServer:
    """Context manager: serves site_dir on host at a free port (port=0) in a thread."""

    def __init__(self, site_dir=ROOT / "site", prefix=PREFIX, host="127.0.0.1", port=0):
        handler = type("SiteHandler", (Handler,), {"site_dir": Path(site_dir), "prefix": prefix})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
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
