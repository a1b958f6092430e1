"""Build the publishable site/ atomically: a failed build leaves the last good site/ in place.

MkDocs cleans and rewrites its output directory as it goes, so it builds into site.new/ and
only a complete, strict build replaces site/.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    target, staging, previous = ROOT / "site", ROOT / "site.new", ROOT / "site.old"
    shutil.rmtree(staging, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "--site-dir", str(staging)], cwd=ROOT, env=env)
    if result.returncode != 0:
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
