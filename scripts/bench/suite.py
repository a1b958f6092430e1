"""Where the test suite's time goes: `python scripts/bench/suite.py [--before REV] [-- PYTEST ARGS]`.

Runs the suite as `make test` does (pytest.ini's options and the Makefile's PARALLEL, read from
it, unless PYTEST ARGS are given) with a timing plugin (bench/suite_timing.py) and reports, from that one run:
  the wall time of the run;
  per test module: its tests, the seconds they took (setup, call and teardown added up over the
  workers, so the column sums to more than the wall time when workers run side by side), and the
  browser's page loads in it;
  the fixtures whose setups took longest, added up over every setup;
  how busy the machine's cores were over the run (near 100%: more workers cannot help), and when
  each worker's last test ended (far apart: one worker's long tail sets the wall time).
With --before REV the same is measured first on a clean copy of commit REV (its site built first,
not timed), and the report ends with both wall times and their ratio, measured in one run.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitebuild import ROOT


def run_suite(project, pytest_args, env_extra=None):
    """(wall seconds, exit code, timing records) of one pytest run in `project`."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**_env(project), "SUITE_TIMING_DIR": folder, **(env_extra or {})}
        start, started, used = time.perf_counter(), time.time(), _cpu_seconds()
        code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "suite_timing", *pytest_args],
                              cwd=project, env=env).returncode
        wall = time.perf_counter() - start
        records = {"tests": [], "fixtures": [], "loads": [], "cpu": _cpu_seconds() - used, "started": started}
        for path in Path(folder).glob("*.json"):
            for key, rows in json.loads(path.read_text()).items():
                records[key] += rows
    return wall, code, records


def _cpu_seconds():
    """Seconds the machine's cores have been busy since it started (Linux's /proc/stat: all but idle
    and I/O wait), whoever kept them busy: pytest, its workers, Chromium, kernels, builds (a process
    not waited for by its parent, as Chromium's are not, is missing from getrusage's count)."""
    ticks = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def make_test_args(project=ROOT):
    """The pytest arguments `make test` adds in `project` (its Makefile's PARALLEL line), so the
    bench times the same run (a commit from before the line: none)."""
    for line in (project / "Makefile").read_text().splitlines():
        if line.startswith("PARALLEL"):
            return line.split(":=", 1)[1].split()
    return []


def _env(project):
    # The copy's own code first, then the timing plugin from this folder (an older commit has none).
    paths = [str(project / "scripts"), str(project / "docs" / "code"), str(Path(__file__).resolve().parent)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(paths)}
    # What that commit's `make test` takes out of the environment, taken out here too.
    makefile = (project / "Makefile").read_text()
    for name in re.findall(r"^unexport (\w+)", makefile, re.M):
        env.pop(name, None)
    return env


def report(title, wall, code, records, top=15):
    per_module = collections.defaultdict(lambda: {"tests": set(), "seconds": 0.0, "loads": 0, "load_s": 0.0})
    outcomes = collections.Counter()
    for nodeid, when, seconds, outcome, *_ in records["tests"]:
        row = per_module[nodeid.split("::", 1)[0]]
        row["tests"].add(nodeid)
        row["seconds"] += seconds
        if when == "call" or outcome != "passed":
            outcomes[outcome if when == "call" else f"{outcome} in {when}"] += 1
    for module, seconds in records["loads"]:
        row = per_module[module or "(outside a test)"]
        row["loads"] += 1
        row["load_s"] += seconds
    print(f"\n== {title}: {wall:.0f} s wall ({wall / 60:.1f} min), exit {code}, "
          + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    total = sum(r["seconds"] for r in per_module.values())
    print(f"{'module':<52} {'tests':>5} {'seconds':>8} {'share':>6} {'loads':>5} {'load s':>7}")
    for module, row in sorted(per_module.items(), key=lambda kv: -kv[1]["seconds"]):
        print(f"{module:<52} {len(row['tests']):>5} {row['seconds']:>8.1f} {row['seconds'] / total:>6.1%} "
              f"{row['loads']:>5} {row['load_s']:>7.1f}")
    print(f"{'all (added over workers)':<52} {sum(len(r['tests']) for r in per_module.values()):>5} {total:>8.1f}")
    cores = os.cpu_count()
    print(f"\nCPU: the {cores} cores were busy {records['cpu']:.0f} s of the {wall * cores:.0f} s of the run "
          f"({records['cpu'] / (wall * cores):.0%}; the whole machine's count)")
    ends = collections.defaultdict(float)
    for _, _, _, _, worker, stop in (r for r in records["tests"] if len(r) == 6):
        ends[worker] = max(ends[worker], stop - records["started"])
    if ends:
        print("each worker's last test ended at (s after the start): "
              + ", ".join(f"{w} {t:.0f}" for w, t in sorted(ends.items())))
    fixtures = collections.defaultdict(lambda: [0, 0.0])
    for name, scope, seconds in records["fixtures"]:
        fixtures[(name, scope)][0] += 1
        fixtures[(name, scope)][1] += seconds
    print(f"\nfixtures, longest setups first (top {top})\n{'fixture':<40} {'scope':<9} {'setups':>6} {'seconds':>8}")
    for (name, scope), (count, seconds) in sorted(fixtures.items(), key=lambda kv: -kv[1][1])[:top]:
        print(f"{name:<40} {scope:<9} {count:>6} {seconds:>8.1f}")


def before_copy(rev, folder):
    """A clean copy of commit `rev` with its site built (node_modules shared as a link)."""
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), rev], cwd=ROOT, check=True,
                   capture_output=True)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    subprocess.run([sys.executable, "-m", "sitebuild.build"], cwd=folder, env=_env(folder), check=True,
                   stdout=subprocess.DEVNULL)
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", metavar="REV", help="also time the suite of this commit, first")
    parser.add_argument("pytest_args", nargs="*", help="passed to pytest (after --)")
    args = parser.parse_args()
    results = []
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            copy = before_copy(args.before, Path(tmp) / "before")
            try:  # as that commit's make test ran it, unless arguments are given
                results.append((f"before ({args.before})",
                                *run_suite(copy, args.pytest_args or make_test_args(copy))))
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(copy)], cwd=ROOT, capture_output=True)
    results.append(("now (working tree)", *run_suite(ROOT, args.pytest_args or make_test_args())))
    for title, wall, code, records in results:
        report(title, wall, code, records)
    if len(results) == 2:
        (_, before, before_code, _), (_, now, now_code, _) = results
        if before_code == now_code == 0:
            print(f"\nsuite wall time: before {before:.0f} s, now {now:.0f} s: x{now / before:.2f}")
        else:
            print(f"\nno ratio: a run failed (exit {before_code} before, {now_code} now)")
    return max(code for _, _, code, _ in results)


if __name__ == "__main__":
    sys.exit(main())
