"""Build times, as ratios to a bare `mkdocs build` of the same Markdown measured in the same run,
on a copy of the project (so nothing here touches the working tree):

bare:         the same Markdown, theme and search plugin without this project's hooks and notebooks
              (no checking, no KaTeX, no figures; the snippet includes read the generated files)
cold:         a full build with no generated/ and no .cache/ (everything drawn, run and checked)
no change:    the same full build again, with nothing changed
serve edit:   under a running `mkdocs serve`, from saving a page with one formula changed to the
              served page showing it (checked and rendered): to a form the build has seen before,
              and to a new one (SymPy and KaTeX run for it)
"""

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from devtools.project_copy import copy_project, env_for
from sitebuild.config import site_prefix

RUNS = 3
PAGE, FORMULA = "docs/derivative.md", r"\tfrac{d}{dx}e^{-x} = e^{-x}\cdot(-1)"
# Equivalent forms, so every build passes; each stands nowhere else on the page, so the served page
# shows it only once the edit is built (an edit to a form the page already had measured 0.00 s).
# "seen" edits swap two forms, which the build has checked and rendered before after the first
# two; "new" edits write a form never seen (a different + 0·k each time): checked with SymPy and
# rendered with KaTeX anew, as an author's edit is.
SEEN = [r"\tfrac{d}{dx}e^{-x} = (-1)\cdot e^{-x}", FORMULA]


def new_form(k):
    return FORMULA + rf" + 0\cdot {k + 2}"


def timed(args, cwd, env):
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bare_config(project, site):
    config = yaml.safe_load((project / "mkdocs.yml").read_text())
    config.pop("hooks")
    config["plugins"] = [p for p in config["plugins"] if "search" in (p if isinstance(p, dict) else [p])]
    config["nav"] = [item for item in config["nav"] if "Notebooks" not in item]
    config["exclude_docs"] = "code/\nnotebooks/\n"
    config["site_dir"] = str(site)
    path = project / "bare.yml"
    path.write_text(yaml.safe_dump(config))
    return path


def serve_edits(project, env):
    """Seconds from each edit to the served page showing it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}{site_prefix()}derivative/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait(text, seconds=300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if text in urllib.request.urlopen(url, timeout=5).read().decode():
                    return
            except OSError:
                pass
            time.sleep(0.05)
        sys.exit(f"serve did not show {text!r} within {seconds} s")

    times = {"seen": [], "new": []}
    try:
        wait("katex")
        page, current = project / PAGE, FORMULA
        assert page.read_text().count(FORMULA) == 1 and SEEN[0] not in page.read_text(), "edits out of date"
        edits = [("seen", SEEN[run % 2]) for run in range(RUNS * 2)] + [("new", new_form(k)) for k in range(RUNS)]
        for kind, new in edits:
            start = time.perf_counter()
            page.write_text(page.read_text().replace(current, new, 1))
            wait(new)  # the TeX stands verbatim in the KaTeX annotation
            times[kind].append(time.perf_counter() - start)
            current = new
    finally:
        server.terminate()
        server.wait(timeout=30)
    return times


def main():
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        copy_project(project)
        env = env_for(project)
        mkdocs = [sys.executable, "-m", "mkdocs", "build"]
        subprocess.run([sys.executable, "-m", "sitebuild.generate"], cwd=project, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        bare = bare_config(project, Path(tmp) / "bare")
        times = {"bare": [], "cold": [], "no change": []}
        for _ in range(RUNS):
            times["bare"].append(timed(mkdocs + ["-f", str(bare)], project, env))
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "generated", ignore_errors=True)
            times["cold"].append(timed(mkdocs + ["-d", str(Path(tmp) / "full")], project, env))
            times["no change"].append(timed(mkdocs + ["-d", str(Path(tmp) / "full")], project, env))
        edits = serve_edits(project, env)
        times["serve edit, a form seen before"], times["serve edit, a new form"] = edits["seen"], edits["new"]
    base = statistics.median(times["bare"])
    print(f"build times, median of {RUNS} runs (serve edit, seen: of {len(edits['seen'])}), and ratio to bare")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<32} {median:6.2f} s  {median / base:6.2f}x")


if __name__ == "__main__":
    main()
