"""Material's main stylesheet, cut down to the rules the built site can use (PurgeCSS, run by
unused_css.js over the built pages and scripts). Every page holds its first paint for this file,
the largest the first paint needs: on Lighthouse's phone link the whole of it arrived a round trip
after everything else (scripts/bench/lighthouse.py measures the difference).

The cut starts from the installed stylesheet at every build, so a page that starts using a
construct (a blockquote, an h4, a button) gets its rules back on the next build; a build whose
pages, scripts and stylesheets are byte for byte those of an earlier build reuses that build's cut
(cache.reuse). `mkdocs serve` publishes the whole stylesheet (hooks.on_post_build).
tests/browser/test_unused_css.py checks that no removed rule matches anything on any page.
"""

import hashlib
import subprocess
from pathlib import Path

from sitebuild import ROOT, cache
from sitebuild.errors import BuildError
from sitebuild.theme_patches import STYLESHEETS, installed

SCRIPT = Path(__file__).with_name("unused_css.js")
PATTERN = "main.*.min.css"
READ = {".html", ".js", ".css", ".svg"}  # what unused_css.js reads


def trim(theme_dirs, site_dir):
    """Write the built main stylesheet: the installed one without the rules nothing uses."""
    source = installed(theme_dirs, STYLESHEETS, PATTERN)
    target = Path(site_dir) / STYLESHEETS / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(cache.reuse("unused-css", _key(site_dir, source), lambda: _cut(site_dir, source, target)),
                      encoding="utf-8")


def _key(site_dir, source):
    """Everything the cut reads (unused_css.js reads these same files): the built pages, scripts,
    stylesheets and SVGs but the one it cuts, the installed stylesheet, the script and PurgeCSS."""
    read = sorted(p for p in Path(site_dir).rglob("*") if p.suffix in READ and p.name != source.name and p.is_file())
    h = hashlib.sha256()
    for path in read:
        h.update(path.relative_to(site_dir).as_posix().encode() + b"\0" + path.read_bytes())
    for path in (source, SCRIPT, ROOT / "package-lock.json"):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _cut(site_dir, source, target):
    result = subprocess.run(["node", str(SCRIPT), str(site_dir), str(source), str(target)],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise BuildError(f"PurgeCSS failed on {source.name}: {result.stderr.strip()[:1000]}")
    return target.read_text(encoding="utf-8")
