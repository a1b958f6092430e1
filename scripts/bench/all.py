"""`make bench`: performance reports, never tests. Runs each report script in turn."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Lighthouse twice: over HTTP/1.1 (the setting of issue 11's numbers) and over HTTP/2, as GitHub Pages serves.
REPORTS = [["suite.py"],  # as make test runs it (the Makefile's PARALLEL)
           ["build.py"], ["notebooks.py"], ["floating_point.py"], ["lighthouse.py"], ["lighthouse.py", "--http2"],
           ["explorer.py"], ["family.py"]]

if __name__ == "__main__":
    failed = []
    for name, *options in REPORTS:
        print(f"\n== {' '.join([name[:-3], *options])} ==", flush=True)
        if subprocess.run([sys.executable, str(HERE / name), *options]).returncode != 0:
            failed.append(" ".join([name, *options]))
    if failed:
        sys.exit(f"reports that failed: {', '.join(failed)}")
