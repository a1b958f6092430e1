"""Set up what the build and the tests need, one stage at a time, one line per stage.

    python3 scripts/devtools/setup_machine.py python   # .venv from requirements.txt
    python3 scripts/devtools/setup_machine.py npm      # node_modules from package-lock.json
    .venv/bin/python scripts/devtools/setup_machine.py system   # Chromium and GNU Octave

Each stage writes its full output to .cache/setup/STAGE.log and prints it only when the stage
fails. Standard library only: the first stage runs before the virtual environment exists.
The browser tests and the benchmarks find Chromium with find_chromium() below: one place.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv"
LOGS = ROOT / ".cache" / "setup"
# Folders on the import path of the venv's Python (one .pth file, so no sys.path edits):
# the build and its definitions, and the code the pages show.
IMPORT_PATHS = [ROOT / "scripts", ROOT / "docs" / "code"]
ENTRY_POINTS = {"mkdocs.plugins": {"mathcheck": "sitebuild.mathcheck.mkdocs_plugin:MathCheckPlugin"}}

# The programs the tests run, and the Debian/Ubuntu package that provides each.
# (`octave-cli` comes with the package `octave`; there is no package named octave-cli.)
# openssl makes the certificate of the HTTP/2 server (devtools/http2_server.py).
DEBIAN_PACKAGES = {"chromium": "chromium", "octave-cli": "octave", "openssl": "openssl"}
OTHER_SYSTEMS = {"octave-cli": "GNU Octave (macOS: brew install octave; Fedora: dnf install octave; "
                               "Windows: https://octave.org/download)"}
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]


class SetupError(Exception):
    """One line that says what failed and what to do."""


def run_logged(stage, args, **kwargs):
    """Run a command with its output in the stage's log; on failure show the log's tail."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{stage}.log"
    with open(log, "a") as out:
        out.write(f"$ {' '.join(map(str, args))}\n")
        out.flush()
        result = subprocess.run(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                cwd=ROOT, **kwargs)
    if result.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-15:])
        raise SetupError(f"`{' '.join(map(str, args))}` failed (exit {result.returncode}); "
                         f"the end of {log.relative_to(ROOT)}:\n{tail}")


# -- Python and npm ---------------------------------------------------------------------------

def setup_python():
    python = VENV / "bin" / "python"
    if not python.exists():
        run_logged("python", [sys.executable, "-m", "venv", str(VENV)])
    # --no-compile: pip would compile every module of every package (30 s of a clean clone's 80 s); Python
    # compiles the ones a build or test imports when it first does (7 s), and keeps them (the Makefile).
    run_logged("python", [str(python), "-m", "pip", "install", "--disable-pip-version-check", "--no-compile",
                          "-r", "requirements.txt"])
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "sigmoid-site.pth").write_text("".join(f"{p}\n" for p in IMPORT_PATHS))
    # The math checker's MkDocs plugin, registered as an installed package registers its plugins (an
    # entry point in a .dist-info), so a mkdocs.yml names it `mathcheck`; the code stays in scripts/.
    dist_info = Path(purelib, "sigmoid_site_tools-0.dist-info")
    dist_info.mkdir(exist_ok=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: sigmoid-site-tools\nVersion: 0\n")
    (dist_info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
        for group, points in ENTRY_POINTS.items()))


def setup_npm():
    if shutil.which("npm") is None:
        raise SetupError("npm is missing: install Node.js 20 or newer with npm (https://nodejs.org)")
    run_logged("npm", ["npm", "ci", "--no-audit", "--no-fund"])


# -- Chromium and GNU Octave --------------------------------------------------------------------

def playwright_chromium():
    """The Chromium that `playwright install chromium` put in Playwright's cache, if any."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        path = p.chromium.executable_path
    return path if path and os.access(path, os.X_OK) else None


def find_chromium():
    """A Chromium or Chrome to drive: $CHROMIUM_PATH as given (a wrong one is reported, not
    worked around), else one on this machine, else Playwright's own; None when there is none."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"]
    for candidate in ["/usr/bin/chromium", *map(shutil.which, CHROMIUM_NAMES)]:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return playwright_chromium()


def find_octave():
    return shutil.which("octave-cli") or shutil.which("octave")


def as_root(args):
    if os.geteuid() == 0:
        return args
    if shutil.which("sudo") is None:
        raise SetupError(f"installing {args[-1]} needs root rights and there is no sudo: run as root "
                         f"`{' '.join(args)}`")
    return ["sudo", *args]


def apt_install(packages):
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run_logged("system", as_root(["apt-get", "update", "-q"]), env=env)
    run_logged("system", as_root(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]),
               env=env)


def setup_system():
    missing = []
    if find_chromium() is None:
        # Playwright's own build works on any machine with internet; where its download is not
        # reachable, the distribution's package (Debian's chromium) does.
        try:
            run_logged("system", [sys.executable, "-m", "playwright", "install", "chromium"])
        except SetupError:
            missing.append("chromium")
    if find_octave() is None:
        missing.append("octave-cli")
    if shutil.which("openssl") is None:
        missing.append("openssl")
    if not missing:
        return "already there"
    if shutil.which("apt-get"):
        apt_install([DEBIAN_PACKAGES[name] for name in missing])
    elif shutil.which("brew") and missing == ["octave-cli"]:
        run_logged("system", ["brew", "install", "octave"])
    else:
        needed = "; ".join(OTHER_SYSTEMS.get(name, name) for name in missing)
        raise SetupError(f"please install: {needed}; then run make test again")
    return "installed " + ", ".join(DEBIAN_PACKAGES[name] for name in missing)


STAGES = {
    "python": ("Python packages (.venv, first time about 40 s)", setup_python),
    "npm": ("npm packages (node_modules, first time about 10 s)", setup_npm),
    "system": ("system packages: Chromium and GNU Octave (first time about 30 s, up to 200 MB download)", setup_system),
}


def main(stage):
    title, action = STAGES[stage]
    print(f"==> {title}", flush=True)
    started = time.monotonic()
    try:
        done = action()
    except SetupError as error:
        sys.exit(f"error: {error}")
    print(f"    {done or 'done'} in {time.monotonic() - started:.0f} s", flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in STAGES:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(STAGES)}}}")
    main(sys.argv[1])
