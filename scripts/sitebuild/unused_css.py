"""Material's main stylesheet, cut down to the rules the built site can use (PurgeCSS, run by
unused_css.js over the built pages and scripts). Every page holds its first paint for this file,
the largest the first paint needs: on Lighthouse's phone link the whole of it arrived a round trip
after everything else (scripts/bench/lighthouse.py measures the difference).

The cut starts from the installed stylesheet at every build, so a page that starts using a
construct (a blockquote, an h4, a button) gets its rules back on the next build, `mkdocs serve`
included. tests/browser/test_unused_css.py checks that no removed rule matches anything on any page.
"""

import subprocess
from pathlib import Path

from sitebuild import ROOT
from sitebuild.errors import BuildError
from sitebuild.theme_patches import STYLESHEETS, installed

SCRIPT = Path(__file__).with_name("unused_css.js")
PATTERN = "main.*.min.css"


def trim(theme_dirs, site_dir):
    """Write the built main stylesheet: the installed one without the rules nothing uses."""
    source = installed(theme_dirs, STYLESHEETS, PATTERN)
    target = Path(site_dir) / STYLESHEETS / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["node", str(SCRIPT), str(site_dir), str(source), str(target)],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise BuildError(f"PurgeCSS failed on {source.name}: {result.stderr.strip()[:1000]}")
