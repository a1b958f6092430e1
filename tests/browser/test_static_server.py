"""The test server behaves like GitHub Pages where the browser tests depend on it; the Lighthouse
report's HTTP/2 server gives the same answers over HTTP/2, as GitHub Pages serves browsers."""

import gzip
import socket
import struct
import urllib.error
import urllib.request

import pytest
from conftest import SITE
from devtools.http2_server import Http2Server, without_hang_ups
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


def test_the_http2_server_serves_the_same_site_over_http2(browser):
    with Http2Server(SITE) as server:
        context = browser.new_context(ignore_https_errors=True)  # its certificate is self-signed
        page = context.new_page()
        response = page.goto(server.url + "derivative/", wait_until="load", timeout=30_000)
        assert response.status == 200 and response.headers["content-encoding"] == "gzip"
        assert response.text() == (SITE / "derivative" / "index.html").read_text(encoding="utf-8")
        protocols = page.evaluate("performance.getEntries().filter(e => e.nextHopProtocol)"
                                  ".map(e => e.nextHopProtocol)")
        assert len(protocols) > 5 and set(protocols) == {"h2"}  # the page and what it loads
        assert page.goto(server.url + "no-such-page/", timeout=30_000).status == 404
        context.close()


def test_a_connection_dropped_while_the_http2_server_writes_ends_quietly():
    """Python 3.11's TLS transport, closed twice (the browser hung up, then Hypercorn closed it),
    forgets its protocol, and Hypercorn's next write to it raises AttributeError inside asyncio. The
    connection's task ends so, and Hypercorn raises it again when the server stops: a thread's
    traceback in a CI run's warnings. The server drops that error there, and raises any other."""
    from asyncio import sslproto

    class Protocol:  # the one method of the TLS protocol that close() calls
        def _start_shutdown(self):
            pass

    transport = sslproto._SSLProtocolTransport(None, Protocol())
    transport.close()
    transport.close()
    with pytest.raises(AttributeError) as hang_up:
        transport.write(b"the rest of a page")

    def bug():
        return None.page

    with pytest.raises(AttributeError) as other:
        bug()

    def stopping_with(*errors):
        def run():  # Hypercorn's group of its connections' errors, in the group of its own tasks
            raise ExceptionGroup("unhandled errors in a TaskGroup", [ExceptionGroup("connections", list(errors))])
        return run

    without_hang_ups(stopping_with(hang_up.value, ConnectionResetError()))
    for error in (other.value, ValueError("a bug")):
        with pytest.raises(ExceptionGroup) as raised:
            without_hang_ups(stopping_with(hang_up.value, error))
        assert raised.value.exceptions[0].exceptions == (error,)


def test_a_request_the_client_drops_prints_nothing(server, capfd):
    """A browser that closes a page while it loads resets the connection mid-answer: the server
    goes on quietly (a traceback per dropped request buried the Lighthouse report)."""
    for _ in range(10):
        with socket.create_connection((server.host, server.port), timeout=5) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close = reset
            client.sendall(f"GET {site_prefix()}derivative/ HTTP/1.1\r\nHost: x\r\n\r\n".encode())  # not gzipped
            client.recv(1)  # the answer has started
    # Wait (bounded) for the threads that answered to end: socketserver keeps them in _threads.
    for thread in list(server.httpd._threads):
        thread.join(timeout=10)
        assert not thread.is_alive(), "a request's thread did not end"
    assert "Traceback" not in capfd.readouterr().err
