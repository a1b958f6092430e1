"""Build the publishable site/ strictly and atomically: `python -m sitebuild.build`.

Strict means strict: any MkDocs warning (a broken link or anchor, a page missing from nav) fails
the build. `--quiet` is never passed, because with it MkDocs stops counting warnings; the routine
INFO lines are filtered out here instead. MkDocs cleans and rewrites its output directory as it
goes, so it builds into site.new/ and only a complete build replaces site/.
"""

import os
import re
import shutil
import subprocess
import sys

from sitebuild import ROOT

ROUTINE = re.compile(r"INFO\s+-\s+(Cleaning site directory|Building documentation to directory|"
                     r"Documentation built in)")


def mkdocs_build(site_dir):
    """Run a strict `mkdocs build`, printing all but its routine lines; returns the exit code."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if not ROUTINE.search(line):
            print(line, end="", flush=True)
    return process.wait()


def main():
    target, staging, previous = ROOT / "site", ROOT / "site.new", ROOT / "site.old"
    shutil.rmtree(staging, ignore_errors=True)
    if mkdocs_build(staging) != 0:
        shutil.rmtree(staging, ignore_errors=True)
        kept = "site/ is unchanged" if target.exists() else "no site/ was built"
        sys.exit(f"build failed (see the error above); {kept}")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    print("built site/")


if __name__ == "__main__":
    main()
