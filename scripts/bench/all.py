"""`make bench`: performance reports, never tests. Runs each report script in turn."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS = ["build.py", "notebooks.py", "floating_point.py", "lighthouse.py", "explorer.py"]

if __name__ == "__main__":
    failed = []
    for name in REPORTS:
        print(f"\n== {name[:-3]} ==", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)]).returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"reports that failed: {', '.join(failed)}")
