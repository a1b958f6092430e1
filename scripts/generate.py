"""Generate what the pages include: figures (SVG, light and dark) and their Markdown snippets.

Each output records a digest of its inputs (the source of every project module the drawing
code uses, and the matplotlib version); an output is redrawn only when that digest changes.
Run as a script to generate everything: `python scripts/generate.py`.
"""

import hashlib
import html
import json
import os
import sys
import types
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
OUT = ROOT / "generated"
FIGURE_DIR = OUT / "figures"
SNIPPET_DIR = OUT / "snippets"
MANIFEST = OUT / "manifest.json"


class GenerationError(Exception):
    """A figure or snippet could not be made; the message names the file and the item."""


def source_closure(module):
    """The project source files a module depends on, following its imports inside scripts/."""
    seen, todo = {}, [module]
    while todo:
        mod = todo.pop()
        path = Path(getattr(mod, "__file__", "") or "").resolve()
        if SCRIPTS not in path.parents or str(path) in seen:
            continue
        seen[str(path)] = path
        for value in vars(mod).values():
            dep = value if isinstance(value, types.ModuleType) else sys.modules.get(getattr(value, "__module__", None) or "")
            if dep is not None:
                todo.append(dep)
    return sorted(seen.values())


def digest(paths, *extra):
    h = hashlib.sha256()
    for path in paths:
        h.update(path.relative_to(ROOT).as_posix().encode())
        h.update(path.read_bytes())
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
        f'  ![{alt}](figures/{figure.name}-{theme}.svg#only-{theme}){{ width="{width}" height="{height}" }}'
        for theme in ("light", "dark"))
    return (f'<figure markdown="span" id="figure-{figure.name}">\n{images}\n'
            f"  <figcaption>{html.escape(figure.caption)}</figcaption>\n</figure>\n")


def generate_figures(figures, manifest, source):
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "sigmoid-site"  # stable glyph and clip ids
    changed = []
    for figure in figures:
        module = sys.modules[figure.draw.__module__]
        key = digest(source_closure(module), matplotlib.__version__, figure.name, figure.alt, figure.caption)
        outputs = [FIGURE_DIR / f"{figure.name}-{theme}.svg" for theme in ("light", "dark")]
        snippet = SNIPPET_DIR / f"figure-{figure.name}.md"
        if manifest.get(figure.name) == key and all(p.exists() for p in outputs + [snippet]):
            continue
        size = None
        for theme, path in zip(("light", "dark"), outputs):
            try:
                fig = figure.draw(theme)
                size = tuple(round(v * 72) for v in fig.get_size_inches())
                svg = render_svg(fig)
            except Exception as error:
                plt.close("all")
                raise GenerationError(
                    f"{source}: figure '{figure.name}' ({theme}) failed: {type(error).__name__}: {error}"
                ) from None
            write_if_changed(path, svg)
        write_if_changed(snippet, figure_snippet(figure, size))
        manifest[figure.name] = key
        changed.append(figure.name)
    return changed


def generate_tables(tables, manifest, source):
    """Markdown snippets made by functions: {name: function returning Markdown}."""
    changed = []
    for name, make in tables.items():
        key = digest(source_closure(sys.modules[make.__module__]), name)
        path = SNIPPET_DIR / f"{name}.md"
        if manifest.get(name) == key and path.exists():
            continue
        try:
            text = make()
        except Exception as error:
            raise GenerationError(f"{source}: table '{name}' failed: {type(error).__name__}: {error}") from None
        write_if_changed(path, text)
        manifest[name] = key
        changed.append(name)
    return changed


def load(module_name):
    if str(SCRIPTS) not in sys.path:  # imported lazily, after MkDocs restored sys.path
        sys.path.append(str(SCRIPTS))
    try:
        return __import__(module_name)
    except Exception as error:
        raise GenerationError(f"scripts/{module_name}.py could not be loaded: {type(error).__name__}: {error}") from None


def generate_all():
    """Bring every generated file up to date; returns the names of what was redrawn."""
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    changed = generate_figures(load("figures").FIGURES, manifest, "scripts/figures.py")
    changed += generate_tables(load("fptables").TABLES, manifest, "scripts/fptables.py")
    write_if_changed(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return changed


if __name__ == "__main__":
    sys.path.insert(0, str(SCRIPTS))
    try:
        print("redrawn:", ", ".join(generate_all()) or "nothing (all up to date)")
    except GenerationError as error:
        sys.exit(f"error: {error}")
