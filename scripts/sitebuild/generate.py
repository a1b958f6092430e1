"""Generate what the pages include: figures (SVG, light and dark) with their Markdown snippets,
the floating-point tables, and the published numbers.

Each group is remade only when its cache key (sitebuild.cache: the code's import closure and the
tool versions) changes or an output is missing. The remaking always runs in a fresh Python
process, so a long-running `mkdocs serve` publishes the code as it is on disk now, never a
module it imported earlier. `python -m sitebuild.generate` brings everything up to date.
"""

import html
import json
import subprocess
import sys
import traceback
from importlib import import_module
from pathlib import Path

from sitebuild import OUT, ROOT, SCRIPTS
from sitebuild.cache import code_key, write_if_changed

FIGURE_DIR = OUT / "figures"
SNIPPET_DIR = OUT / "snippets"
MANIFEST = OUT / "manifest.json"
VALUES = OUT / "values.json"
# group -> the module that defines it; this file writes the outputs, so it is in every key
GROUPS = {"figures": "sigmoid.figures", "tables": "sigmoid.floating_point_tables", "values": "sigmoid.values"}


class GenerationError(Exception):
    """A figure, table or number could not be made; the message names the file, line and item."""


def module_file(group):
    return SCRIPTS / (GROUPS[group].replace(".", "/") + ".py")


def key_of(group):
    return code_key(module_file(group), Path(__file__))


# -- in the fresh process: make the outputs ---------------------------------------------------

def where(error):
    """'scripts/x.py:42' for the innermost frame of project code in the error's traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if Path(f.filename).resolve().is_relative_to(ROOT) and ".venv" not in f.filename]
    frame = frames[-1] if frames else None
    return f"{Path(frame.filename).resolve().relative_to(ROOT)}:{frame.lineno}" if frame else "?"


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
        f'  ![{alt}](figures/{figure.name}-{theme}.svg#only-{theme})'
        f'{{ width="{width}" height="{height}" loading=lazy }}'
        for theme in ("light", "dark"))
    return (f'<figure markdown="span" id="figure-{figure.name}">\n{images}\n'
            f"  <figcaption>{html.escape(figure.caption)}</figcaption>\n</figure>\n")


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
                raise GenerationError(f"{where(error)}: figure '{figure.name}' ({theme}) failed: "
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
            raise GenerationError(f"{where(error)}: table '{name}' failed: {type(error).__name__}: {error}") from None
        path = SNIPPET_DIR / f"{name}.md"
        write_if_changed(path, text)
        written.append(path)
    return written


def make_values(module):
    try:
        published = module.all_html()
    except Exception as error:
        raise GenerationError(f"{where(error)}: a published number failed: {type(error).__name__}: {error}") from None
    write_if_changed(VALUES, json.dumps(published, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return [VALUES]


MAKERS = {"figures": make_figures, "tables": make_tables, "values": make_values}


def make(groups):
    """{group: [outputs relative to OUT]}, made by this process."""
    made = {}
    for group in groups:
        try:
            module = import_module(GROUPS[group])
        except Exception as error:
            raise GenerationError(f"{where(error)}: {GROUPS[group]} could not be loaded: "
                                  f"{type(error).__name__}: {error}") from None
        made[group] = sorted(p.relative_to(OUT).as_posix() for p in MAKERS[group](module))
    return made


# -- in the build: decide, and remake in a fresh process ----------------------------------------

def stale_groups(manifest):
    keys = {group: key_of(group) for group in GROUPS}
    stale = [g for g in GROUPS if manifest.get(g, {}).get("key") != keys[g]
             or not all((OUT / p).exists() for p in manifest.get(g, {}).get("outputs", []))]
    return stale, keys


def generate_all():
    """Bring every generated file up to date; returns the names of the groups remade."""
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    stale, keys = stale_groups(manifest)
    if not stale:
        return []
    result = subprocess.run([sys.executable, "-m", "sitebuild.generate", "--make", *stale],
                            cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        raise GenerationError(lines[-1].removeprefix("error: ") if lines else "generation failed")
    for group, outputs in json.loads(result.stdout).items():
        manifest[group] = {"key": keys[group], "outputs": outputs}
    write_if_changed(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return stale


def published_values():
    return json.loads(VALUES.read_text())


def figure_files():
    """The figures of the last generation, relative to OUT (figures/NAME-THEME.svg)."""
    outputs = json.loads(MANIFEST.read_text())["figures"]["outputs"]
    return [p for p in outputs if p.endswith(".svg")]


if __name__ == "__main__":
    try:
        if sys.argv[1:2] == ["--make"]:
            print(json.dumps(make(sys.argv[2:])))
        else:
            print("remade:", ", ".join(generate_all()) or "nothing (all up to date)")
    except GenerationError as error:
        sys.exit(f"error: {error}")
