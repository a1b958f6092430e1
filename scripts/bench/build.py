"""Build times, as ratios to a bare `mkdocs build` of the same Markdown measured in the same run.

bare:      the same Markdown and theme without this project's hooks and without notebooks
           (no checking, no KaTeX, no figures; the snippet includes read the generated files)
cold:      a full build with no generated/ and no .cache/ (everything drawn and checked)
no change: the same full build again, with nothing changed
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from sitebuild import ROOT  # noqa: E402

RUNS = 3


def timed(args, cwd, env):
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        bare_config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
        bare_config.pop("hooks")
        bare_config["plugins"] = [p for p in bare_config["plugins"] if p == "search"]
        bare_config["site_dir"] = str(tmp / "bare")
        # Beside mkdocs.yml, so that its relative paths mean the same.
        bare_file = ROOT / ".cache" / "bench-bare.yml"
        bare_file.parent.mkdir(exist_ok=True)
        bare_config["docs_dir"], bare_config["theme"]["custom_dir"] = "../docs", "../overrides"
        bare_config["watch"] = ["../scripts"]
        bare_file.write_text(yaml.safe_dump(bare_config))
        subprocess.run([sys.executable, "-m", "sitebuild.generate"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)
        times = {"bare": [], "cold": [], "no change": []}
        for _ in range(RUNS):
            times["bare"].append(timed(mkdocs + ["-f", str(bare_file)], ROOT, env))
            shutil.rmtree(ROOT / "generated", ignore_errors=True)
            for cached in (ROOT / ".cache").glob("*"):
                if cached != bare_file:
                    shutil.rmtree(cached) if cached.is_dir() else cached.unlink()
            times["cold"].append(timed(mkdocs + ["-d", str(tmp / "full")], ROOT, env))
            times["no change"].append(timed(mkdocs + ["-d", str(tmp / "full")], ROOT, env))
    bare = statistics.median(times["bare"])
    print(f"build times, median of {RUNS} (seconds, and ratio to bare)")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<10} {median:6.2f} s  {median / bare:5.2f}x")


if __name__ == "__main__":
    main()
