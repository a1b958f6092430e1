"""Generate what the pages include: figures (SVG, light and dark) with their Markdown snippets,
the floating-point tables, and the published numbers.

Each group of outputs records a digest of its inputs: the source of the module that defines it
and of every project module that module imports (read from the import statements, so nothing
heavy is imported to find out), plus the versions of the numerical libraries. A group is
regenerated only when that digest changes or one of its outputs is missing.
Run as a script to generate everything: `python scripts/generate.py`.
"""

import ast
import hashlib
import html
import json
import os
import sys
from importlib.metadata import version
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
OUT = ROOT / "generated"
FIGURE_DIR = OUT / "figures"
SNIPPET_DIR = OUT / "snippets"
MANIFEST = OUT / "manifest.json"
VALUES = OUT / "values.json"
LIBRARIES = ("numpy", "scipy", "sympy", "mpmath", "matplotlib")


class GenerationError(Exception):
    """A figure, table or number could not be made; the message names the file and the item."""


def source_closure(path):
    """A project module's file and the project files it imports, transitively."""
    seen, todo = set(), [Path(path).resolve()]
    while todo:
        current = todo.pop()
        if current in seen or not current.is_file():
            continue
        seen.add(current)
        for node in ast.walk(ast.parse(current.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            todo += [SCRIPTS / f"{name.split('.')[0]}.py" for name in names]
    return sorted(seen)


def digest(paths, *extra):
    h = hashlib.sha256()
    for path in paths:
        h.update(Path(path).resolve().relative_to(ROOT).as_posix().encode())
        h.update(Path(path).read_bytes())
    for item in extra:
        h.update(str(item).encode())
    return h.hexdigest()


def write_if_changed(path, data):
    """Atomic write, skipped when the bytes are already there (keeps `mkdocs serve` calm)."""
    data = data.encode() if isinstance(data, str) else data
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def render_svg(fig):
    import io

    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return buffer.getvalue()


def figure_snippet(figure, size):
    width, height = size
    alt = html.escape(figure.alt, quote=True)
    images = "\n".join(
        f'  ![{alt}](figures/{figure.name}-{theme}.svg#only-{theme}){{ width="{width}" height="{height}" loading=lazy }}'
        for theme in ("light", "dark"))
    return (f'<figure markdown="span" id="figure-{figure.name}">\n{images}\n'
            f"  <figcaption>{html.escape(figure.caption)}</figcaption>\n</figure>\n")


# -- the groups: each makes its files and returns their paths ---------------------------------

def make_figures(module):
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "sigmoid-site"  # stable glyph and clip ids
    written = []
    for figure in module.FIGURES:
        size = None
        for theme in ("light", "dark"):
            try:
                fig = figure.draw(theme)
                size = tuple(round(v * 72) for v in fig.get_size_inches())
                svg = render_svg(fig)
            except Exception as error:
                plt.close("all")
                raise GenerationError(f"scripts/figures.py: figure '{figure.name}' ({theme}) failed: "
                                      f"{type(error).__name__}: {error}") from None
            path = FIGURE_DIR / f"{figure.name}-{theme}.svg"
            write_if_changed(path, svg)
            written.append(path)
        snippet = SNIPPET_DIR / f"figure-{figure.name}.md"
        write_if_changed(snippet, figure_snippet(figure, size))
        written.append(snippet)
    return written


def make_tables(module):
    written = []
    for name, make in module.TABLES.items():
        try:
            text = make()
        except Exception as error:
            raise GenerationError(f"scripts/fptables.py: table '{name}' failed: {type(error).__name__}: {error}") from None
        path = SNIPPET_DIR / f"{name}.md"
        write_if_changed(path, text)
        written.append(path)
    return written


def make_values(module):
    try:
        published = module.all_html()
    except Exception as error:
        raise GenerationError(f"scripts/values.py: a published number failed: {type(error).__name__}: {error}") from None
    write_if_changed(VALUES, json.dumps(published, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return [VALUES]


GROUPS = {"figures": make_figures, "fptables": make_tables, "values": make_values}


def load(module_name):
    if str(SCRIPTS) not in sys.path:
        sys.path.append(str(SCRIPTS))
    try:
        return __import__(module_name)
    except Exception as error:
        raise GenerationError(f"scripts/{module_name}.py could not be loaded: {type(error).__name__}: {error}") from None


def generate_all():
    """Bring every generated file up to date; returns the names of the groups remade."""
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    libraries = [f"{name}=={version(name)}" for name in LIBRARIES]
    changed = []
    for group, make in GROUPS.items():
        # This file's code writes the outputs (snippet markup, SVG settings): part of every key.
        key = digest([*source_closure(SCRIPTS / f"{group}.py"), Path(__file__)], *libraries)
        entry = manifest.get(group, {})
        if entry.get("key") == key and all((OUT / p).exists() for p in entry.get("outputs", [])):
            continue
        outputs = make(load(group))
        manifest[group] = {"key": key, "outputs": sorted(p.relative_to(OUT).as_posix() for p in outputs)}
        write_if_changed(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        changed.append(group)
    return changed


def published_values():
    return json.loads(VALUES.read_text())


def figure_files():
    """The figures of the last generation, relative to OUT (figures/NAME-THEME.svg)."""
    outputs = json.loads(MANIFEST.read_text())["figures"]["outputs"]
    return [p for p in outputs if p.endswith(".svg")]


if __name__ == "__main__":
    try:
        print("remade:", ", ".join(generate_all()) or "nothing (all up to date)")
    except GenerationError as error:
        sys.exit(f"error: {error}")
