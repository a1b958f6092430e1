"""What the explorer costs the derivative page: its script's size (raw and as served, gzipped) and
the page's Lighthouse scores with and without it, measured in one run. The runs alternate, so
both variants see the same machine; the median of each is reported.

    python scripts/bench/explorer.py [--runs 5] [--preset mobile|desktop]

"Without" is the built page with the explorer's section cut out (its heading, text, picture,
controls and script), served from a copy of site/ beside the page itself.
"""

import argparse
import gzip
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from devtools.static_server import StaticServer

from bench.lighthouse import LIGHTHOUSE, SITE, chrome, run_lighthouse

SCRIPT = SITE / "javascripts" / "explorer.js"
PAGE = "derivative/"
WITHOUT = "derivative-without-explorer/"
SECTION = re.compile(r'<h3 id="explore-the-slope-is-an-area".*?<script [^>]*explorer\.js[^>]*></script>\s*</div>\n',
                     re.S)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per variant; the median is shown")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists() or not SCRIPT.exists():
        sys.exit("needs `npm ci` and a built site/ (make site)")
    raw = SCRIPT.read_bytes()
    print(f"explorer.js: {len(raw)} bytes, {len(gzip.compress(raw, compresslevel=6))} gzipped (as served)")

    chrome_path = chrome()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(SITE, site)
        page, cut = SECTION.subn("", (site / PAGE / "index.html").read_text())
        if cut != 1 or "explorer" in page:
            sys.exit("could not cut the explorer out of the derivative page")
        (site / WITHOUT).mkdir()
        (site / WITHOUT / "index.html").write_text(page)  # same depth: relative links still work

        results = {PAGE: [], WITHOUT: []}
        with StaticServer(site) as server:
            for _ in range(args.runs):
                for variant in results:
                    report = run_lighthouse(server.url + variant, args.preset, chrome_path)
                    audits = report["audits"]
                    results[variant].append({
                        "perf": report["categories"]["performance"]["score"],
                        "FCP s": audits["first-contentful-paint"]["numericValue"] / 1000,
                        "LCP s": audits["largest-contentful-paint"]["numericValue"] / 1000,
                        "TBT ms": audits["total-blocking-time"]["numericValue"],
                        "CLS": audits["cumulative-layout-shift"]["numericValue"],
                        "KiB": audits["total-byte-weight"]["numericValue"] / 1024,
                        "JS ms": sum(item["total"] for item in audits["bootup-time"]["details"]["items"]
                                     if item["url"].endswith("/explorer.js")),  # main-thread time, throttled
                    })

    print(f"Lighthouse {report['lighthouseVersion']}, {args.preset}, gzip, median of {args.runs} alternating runs")
    columns = list(results[PAGE][0])
    print(f"{'':22}" + "".join(f"{c:>9}" for c in columns))
    for variant, label in ((PAGE, "with the explorer"), (WITHOUT, "without")):
        medians = [statistics.median(r[c] for r in results[variant]) for c in columns]
        print(f"{label:22}" + "".join(f"{m:>9.3f}" if c in ("perf", "CLS") else f"{m:>9.2f}"
                                      for c, m in zip(columns, medians)))
    for variant, label in ((PAGE, "with"), (WITHOUT, "without")):
        print(f"perf, each run, {label}: " + " ".join(f"{r['perf']:.2f}" for r in results[variant]))


if __name__ == "__main__":
    main()
