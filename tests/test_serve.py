"""The contributor loop for real: `mkdocs serve` on a copy of the project. A wrong step, an
unknown number, a missing include or a figure script that raises shows as an error box where it
stands, the server stays responsive, and fixing the input clears the box."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from devtools.project_copy import copy_project, env_for
from sitebuild.config import site_prefix
from test_build_errors import WRONG_STEP, edit, line_of

pytestmark = pytest.mark.slow
RIGHT_STEP = r"&= \frac{e^{-x}}{\left(1+e^{-x}\right)^{2}}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=10):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(url, condition, seconds=180):
    """The page once `condition(html)` holds; fails after `seconds` with what it saw last."""
    deadline, html = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            status, html = get(url)
            if status == 200 and condition(html):
                return html
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url}: condition not met within {seconds} s; last page had {len(html)} characters")


@pytest.fixture
def serve(tmp_path):
    project = copy_project(tmp_path, warm=True)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                               cwd=project, env=env_for(project),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield project, f"http://127.0.0.1:{port}{site_prefix()}"
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
        print(output[-3000:])  # shown when the test fails


def test_errors_show_in_the_page_and_the_server_stays_up(serve):
    project, url = serve
    wait_for(url + "derivative/", lambda html: "katex" in html)
    page = project / "docs" / "derivative.md"
    edit(page, RIGHT_STEP + "\n  && \\text{the two minus signs cancel}",
         WRONG_STEP + "\n  && \\text{the two minus signs cancel}")
    edit(page, "{{ grid_points }}", "{{ grid_pointz }}")
    edit(project / "docs" / "questions.md", "# Common questions", '# Common questions\n\n--8<-- "no-such-file.md"\n')
    html = wait_for(url + "derivative/", lambda html: "build-error" in html)
    assert f"docs/derivative.md:{line_of(page, WRONG_STEP)}:" in html and "step 6 does not hold" in html
    assert f"docs/derivative.md:{line_of(page, '{{ grid_pointz }}')}:" in html
    questions = wait_for(url + "questions/", lambda html: "build-error" in html)
    assert "no-such-file.md" in questions
    assert get(url + "forms/")[0] == 200  # the other pages keep working

    edit(page, WRONG_STEP, RIGHT_STEP)  # fixed: the box goes away on the next rebuild
    edit(page, "{{ grid_pointz }}", "{{ grid_points }}")
    wait_for(url + "derivative/", lambda html: "build-error" not in html)


def test_a_figure_script_that_raises_shows_on_every_page(serve):
    project, url = serve
    wait_for(url, lambda html: "katex" in html or "<h1" in html)
    figures = project / "scripts" / "sigmoid" / "figures.py"
    head = "def draw_sigmoid(theme, layout=WIDE):\n"
    edit(figures, head, head + "    raise ValueError('bad data')\n")
    line = line_of(figures, "raise ValueError('bad data')")
    html = wait_for(url + "forms/", lambda html: "build-error" in html)
    assert f"scripts/sigmoid/figures.py:{line}:" in html and "bad data" in html
