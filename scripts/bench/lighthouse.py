"""Lighthouse report for every page of the built site/, served like GitHub Pages serves it
(gzip, under the site_url path). A report, not a test: it prints a table and, for every page below
the goals, the audits that cost it points. Each page is measured --runs times and every score and
metric shown is the median of its runs: single mobile runs vary by several points, and LCP by a
simulated round trip (150 ms) when a request ends just before or just after the observed paint.

    python scripts/bench/lighthouse.py [--preset mobile|desktop] [--runs 3] [--strict] [--site DIR] [--http2] [PAGE ...]

Goals (issue 11): performance >= 0.98, LCP <= 1.5 s, TBT <= 150 ms, CLS 0; accessibility,
best practices and SEO 1.00. --strict exits 1 when a page misses one. --site measures another
built site (a copy built from an older commit, for before/after). --http2 serves it over HTTP/2 and TLS,
as GitHub Pages does (devtools/http2_server.py); the default is the static server's HTTP/1.1, the
setting of the issue's numbers. Needs `npm ci` (lighthouse)
and Chromium: $CHROME_PATH, else the Chromium that devtools.setup_machine.find_chromium() finds.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from statistics import median

from devtools.http2_server import Http2Server
from devtools.setup_machine import find_chromium
from devtools.static_server import StaticServer
from sitebuild.config import site_prefix

ROOT = Path(__file__).resolve().parents[2]  # scripts/bench/ -> the project
SITE = ROOT / "site"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GOALS = {"performance": 0.98, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
# Metric goals: the audit and the most it may be, in Lighthouse's units (ms; CLS has none).
METRICS = {"LCP": ("largest-contentful-paint", 1500), "TBT": ("total-blocking-time", 150),
           "CLS": ("cumulative-layout-shift", 0)}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --disable-sync --no-first-run"


def pages(site=SITE):
    folders = (p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    return sorted("" if folder == "." else folder + "/" for folder in folders)


def chrome():
    found = find_chromium()
    return found or sys.exit("no Chromium: run `make system-packages` or set CHROMIUM_PATH")


def run_lighthouse(url, preset, chrome_path):
    flags = CHROME_FLAGS + (" --ignore-certificate-errors" if url.startswith("https:") else "")  # self-signed
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"]
    if preset == "desktop":  # the CLI's default is mobile emulation with a slow 4G network
        command.append("--preset=desktop")
    result = subprocess.run(command, check=False, capture_output=True, text=True,
                            env={**os.environ, "CHROME_PATH": chrome_path})
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        sys.exit(f"lighthouse could not load {url}: {report['runtimeError']['message']}")
    return report


def lost_points(report, category):
    """Scored audits of a category that did not get full marks, worst first."""
    audits = report["audits"]
    refs = [r for r in report["categories"][category]["auditRefs"] if r["weight"] > 0]
    failing = [(audits[r["id"]]["score"], r["id"], audits[r["id"]]["title"]) for r in refs
               if audits[r["id"]]["score"] is not None and audits[r["id"]]["score"] < 1]
    return sorted(failing)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median is shown")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a page misses a goal")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site to serve (default: site/)")
    parser.add_argument("--http2", action="store_true", help="serve over HTTP/2 and TLS, as GitHub Pages does")
    parser.add_argument("pages", nargs="*", help="pages below the site root, e.g. forms/ (default: all)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is not installed: run `npm ci`")
    if not (args.site / "index.html").exists():
        sys.exit(f"{args.site} is not built: run make site")
    chrome_path = chrome()

    rows, misses = [], []
    with (Http2Server if args.http2 else StaticServer)(args.site) as server:
        for page in args.pages or pages(args.site):
            runs = [run_lighthouse(server.url + page, args.preset, chrome_path) for _ in range(args.runs)]
            runs.sort(key=lambda r: r["categories"]["performance"]["score"])
            report = runs[len(runs) // 2]  # its failing audits are listed
            scores = {c: median(r["categories"][c]["score"] for r in runs) for c in CATEGORIES}
            metrics = {name: median(r["audits"][audit]["numericValue"] for r in runs)
                       for name, (audit, *_) in METRICS.items()}
            weight = median(r["audits"]["total-byte-weight"]["numericValue"] for r in runs)
            rows.append([site_prefix() + page, *(f"{scores[c]:.2f}" for c in CATEGORIES),
                         *(f"{value:.3f}" if name == "CLS" else f"{value:.0f} ms" for name, value in metrics.items()),
                         f"{weight / 1024:.0f} KiB"])
            for category in CATEGORIES:
                if scores[category] < GOALS[category]:
                    misses.append((page, category, scores[category], lost_points(report, category)))
            for name, (_, most) in METRICS.items():
                if metrics[name] > most:
                    misses.append((page, name, metrics[name], []))

    header = ["page", "perf", "a11y", "best-pr", "seo", *METRICS, "bytes"]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    protocol = "HTTP/2 over TLS" if args.http2 else "HTTP/1.1"
    print(f"Lighthouse {report['lighthouseVersion']}, {args.preset}, gzip, {protocol}, served under {site_prefix()}, "
          f"median of {args.runs} run(s)")
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))))
    for page, category, score, audits in misses:
        if category in METRICS:
            shown = f"{score:.3f}" if category == "CLS" else f"{score:.0f} ms > {METRICS[category][1]} ms"
            print(f"\n{site_prefix()}{page}: {category} {shown}{' > 0' if category == 'CLS' else ''} (goal)")
            continue
        print(f"\n{site_prefix()}{page}: {category} {score:.2f} < {GOALS[category]:.2f}")
        for audit_score, audit_id, title in audits:
            print(f"  {audit_id} ({audit_score:.2f}): {title}")
    if not misses:
        print("\nevery page meets every goal")
    if args.strict and misses:
        sys.exit(1)


if __name__ == "__main__":
    main()
