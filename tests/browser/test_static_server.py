"""The test server behaves like GitHub Pages where the browser tests depend on it."""

import gzip
import urllib.error
import urllib.request

from sitebuild.config import site_prefix


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, gzip_ok=True):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=10)
    except urllib.error.HTTPError as error:  # 3xx and 4xx come back as errors here
        return error


def test_pages_are_gzipped_when_accepted(server):
    response = fetch(server.url)
    assert response.status == 200 and response.headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(response.read())
    plain = fetch(server.url, gzip_ok=False)
    assert plain.headers["Content-Encoding"] is None and b"</html>" in plain.read()


def test_site_lives_under_its_sub_path(server):
    root = server.url.removesuffix(site_prefix()) + "/"
    assert fetch(root + "index.html").status == 404
    assert fetch(server.url + "derivative").headers["Location"] == f"{site_prefix()}derivative/"
    assert fetch(server.url + "no-such-page/").status == 404
    assert fetch(server.url + "../../etc/passwd").status == 404


def test_sitemap_points_at_this_server(server):
    sitemap = gzip.decompress(fetch(server.url + "sitemap.xml").read()).decode()
    assert f"<loc>{server.url}derivative/</loc>" in sitemap
