"""MkDocs hooks, one small function per build event. The work itself lives in plain modules
beside this file (generate, placeholders, pagemath), so the site could move to another generator."""

import json
import sys

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

# MkDocs puts this file's folder on sys.path while it loads the hook, so these import.
import generate
import includes
import notebooks
import pagemath
import placeholders

KATEX = generate.ROOT / "node_modules" / "katex"
build = {}  # what one build shares between pages: the math cache and the KaTeX version


def on_config(config):
    # MkDocs drops this folder from sys.path once the hook is loaded; the modules above import
    # their heavy neighbours (SymPy, matplotlib) only when a build needs them, so keep it.
    if str(generate.SCRIPTS) not in sys.path:
        sys.path.append(str(generate.SCRIPTS))


def on_pre_build(config):
    if not (KATEX / "dist" / "katex.min.css").exists():
        raise PluginError("KaTeX is not installed: run `npm ci` (or `make setup`)")
    build["katex"] = json.loads((KATEX / "package.json").read_text())["version"]
    build["math"] = pagemath.Cache()
    try:
        generate.generate_all()
    except generate.GenerationError as error:
        raise PluginError(str(error)) from None


def on_files(files, config):
    """Publish the generated figures and the self-hosted KaTeX stylesheet and fonts."""
    def add(src_dir, path, dest):
        files.append(File(path, src_dir=str(src_dir), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls, dest_uri=dest))
    for svg in generate.figure_files():
        add(generate.OUT, svg, svg)
    dist = KATEX / "dist"
    add(dist, "katex.min.css", "assets/katex/katex.min.css")
    for font in sorted((dist / "fonts").glob("*.woff2")):
        add(dist, f"fonts/{font.name}", f"assets/katex/fonts/{font.name}")
    return files


def on_pre_page(page, config, files):
    notebooks.on_pre_page(page, config, files)  # notebook pages: run, checked, slimmed there


def on_page_markdown(markdown, page, config, files):
    source = f"docs/{page.file.src_uri}"
    base_paths = config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", [])
    try:
        includes.check(markdown, source, base_paths, generate.ROOT)
        return placeholders.fill(markdown, source, generate.published_values())
    except (includes.MissingInclude, placeholders.UnknownValue) as error:
        raise PluginError(str(error)) from None


def on_page_content(html, page, config, files):
    if page.file.src_uri.startswith("notebooks/"):
        # The notebooks repeat their page's words; rank the page above its notebook in search.
        page.meta.setdefault("search", {}).setdefault("boost", 0.5)
    try:
        return pagemath.process(html, f"docs/{page.file.src_uri}", page.markdown, build["katex"], build["math"])
    except pagemath.MathError as error:
        raise PluginError(str(error)) from None


def on_post_page(output, page, config):
    notebooks.on_post_page(page, config)  # its .ipynb, .py and figures beside the page
