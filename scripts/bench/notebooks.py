"""What the companion notebooks cost, measured in one run: `python scripts/bench/notebooks.py`.

Build times (seconds, `mkdocs build` into a temporary folder):
  without notebooks   mkdocs.yml without mkdocs-jupyter (extra.notebooks) and without docs/notebooks/
  notebooks, cold     the site as configured, no executed notebook: every notebook is run
  notebooks, cached   the same again, nothing changed
  default plugin      mkdocs-jupyter as it comes (execute: true, its own rendering), no hooks
Page weight (bytes) of each notebook page: the HTML mkdocs-jupyter makes by default, and this
site's HTML plus its figure files; the shared stylesheet is counted once, separately.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import yaml
from sitebuild import CACHE, ROOT, notebooks

# What a cold notebook build has to remake: the executed notebooks and mkdocs-jupyter's cache.
NOTEBOOK_OUTPUTS = [notebooks.SHOWN, notebooks.FILES, CACHE / "mkdocs-jupyter"]


def build(config, site, env):
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build of {config.name} failed:\n{result.stderr[-2000:]}")
    return time.perf_counter() - start


def variant(tmp, name, change):
    """mkdocs.yml, changed by `change`, with its relative paths made absolute."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    config["docs_dir"] = str(ROOT / "docs")
    config["hooks"] = [str(ROOT / h) for h in config.get("hooks", [])]
    if config.get("theme", {}).get("custom_dir"):
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    config.pop("watch", None)
    change(config)
    path = tmp / f"{name}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def without_notebooks(config):
    config["nav"] = [item for item in config["nav"] if "Notebooks" not in item]
    config["extra"].pop("notebooks")  # mkdocs-jupyter's options: without them the hooks do not load it
    config["exclude_docs"] = "notebooks/\n"


def default_plugin(config, docs):
    config["docs_dir"] = str(docs)  # the notebooks with their includes expanded: the plugin has none
    config["hooks"] = []  # this site's notebook rendering lives in the hooks
    config["plugins"] = ["search", {"mkdocs-jupyter": {"include": ["notebooks/*.py"], "execute": True,
                                                       "allow_errors": False, "include_source": True,
                                                       "cache": False}}]


def main():
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    stems = sorted(p.stem for p in (ROOT / "docs" / "notebooks").glob("*.py"))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        shutil.copytree(ROOT / "docs", tmp / "docs")
        for stem in stems:
            nb = notebooks.load(ROOT / "docs" / "notebooks" / f"{stem}.py")
            (tmp / "docs" / "notebooks" / f"{stem}.py").write_text(jupytext.writes(nb, fmt="py:percent"))
        plain = variant(tmp, "plain", without_notebooks)
        default = variant(tmp, "default", lambda config: default_plugin(config, tmp / "docs"))
        build(plain, tmp / "warmup", env)  # figures and math caches as a developer has them
        times = {"without notebooks": build(plain, tmp / "plain", env)}
        for folder in NOTEBOOK_OUTPUTS:
            shutil.rmtree(folder, ignore_errors=True)
        times["notebooks, cold"] = build(ROOT / "mkdocs.yml", tmp / "ours", env)
        times["notebooks, cached"] = build(ROOT / "mkdocs.yml", tmp / "ours2", env)
        times["default plugin"] = build(default, tmp / "default", env)

        print("build time")
        for name, seconds in times.items():
            print(f"  {name:<20} {seconds:6.2f} s")
        print("\nnotebook page weight   default HTML   this site: HTML + figures = total   ratio")
        for stem in stems:
            before = (tmp / "default" / "notebooks" / stem / "index.html").stat().st_size
            folder = tmp / "ours" / "notebooks" / stem
            html = (folder / "index.html").stat().st_size
            images = sum(p.stat().st_size for p in folder.glob("*.png"))
            print(f"  {stem:<20} {before:>12,}   {html:>10,} + {images:>7,} = {html + images:>7,}   "
                  f"{(html + images) / before:5.1%}")
        css = (tmp / "ours" / "stylesheets" / "site.css").stat().st_size
        print(f"  shared stylesheets/site.css (all the site's own CSS): {css:,} bytes, once for the whole site")
        print("\nsearch index                         default   this site")
        for noise in ("Copied!", "clipboard-copy", "base64"):
            counts = [(tmp / name / "search" / "search_index.json").read_text().count(noise)
                      for name in ("default", "ours")]
            print(f"  occurrences of {noise!r:<20} {counts[0]:>9} {counts[1]:>11}")


if __name__ == "__main__":
    main()
