"""Generate what the pages include: figures (SVG, light and dark) with their Markdown snippets,
the floating-point tables, the published numbers, and the executed companion notebooks.

Each group is remade only when its cache key (sitebuild.cache: the code's import closure and the
tool versions) changes or an output is missing. The remaking always runs in a fresh Python
process, so a long-running `mkdocs serve` publishes the code as it is on disk now, never a
module it imported earlier. `python -m sitebuild.generate` brings everything up to date.
"""

import html
import json
import re
import subprocess
import sys
import traceback
from importlib import import_module
from pathlib import Path

from sitebuild import OUT, ROOT, SCRIPTS
from sitebuild.cache import code_key, write_if_changed
from sitebuild.errors import BuildError

FIGURE_DIR = OUT / "figures"
SNIPPET_DIR = OUT / "snippets"
MANIFEST = OUT / "manifest.json"
VALUES = OUT / "values.json"
# group -> the modules that define it, one per subject (the sigmoid, its family); this file
# writes the outputs, so it is in every key
MODULES = {"figures": ("sigmoid.figures", "activations.figures"), "tables": ("sigmoid.floating_point_tables",),
           "values": ("sigmoid.values", "activations.values"),
           "audit": ("sitebuild.audit",)}  # after values and figures: it reads a page with its numbers
# Made in the build's own process: the site's machinery (no figure, number or kernel), which the
# hooks import anew when one of its files changed; an edit of the example's page remakes it, and a
# fresh Python costs most of a second of that edit's rebuild.
IN_PROCESS = {"audit"}
NOTEBOOK = "notebook:"  # one group per companion notebook, named notebook:STEM


class GenerationError(BuildError):
    """A figure, table, number or notebook could not be made; names the file, line and item."""

    @classmethod
    def parse(cls, text):
        """From the fresh process's one line, 'scripts/x.py:42: figure ... failed: ...'."""
        m = re.match(r"(?P<file>[^\s:]+):(?P<line>\d+): (?P<message>.*)", text, re.DOTALL)
        return cls(m["message"], m["file"], int(m["line"])) if m else cls(text)


def groups():
    from sitebuild import (
        notebooks,  # light: no kernel or SymPy is started by importing it
    )

    return [*MODULES, *(NOTEBOOK + p.stem for p in notebooks.sources())]


def key_of(group):
    if group.startswith(NOTEBOOK):
        from sitebuild import notebooks

        path = notebooks.SOURCES / f"{group.removeprefix(NOTEBOOK)}.py"
        return code_key(*notebooks.inputs(path), Path(__file__), extra=[notebook_url(path.stem)])
    if group == "audit":  # the recorded run and the page the example error comes from, too
        # Not a plain import: the import closure of this file is in every group's key, and the
        # figures must not be remade when the checker changes.
        audit = import_module(*MODULES[group])
        return code_key(SCRIPTS / "sitebuild" / "audit.py", audit.RECORD, ROOT / audit.EXAMPLE_PAGE,
                        ROOT / "mkdocs.yml", Path(__file__))
    return code_key(*(SCRIPTS / (m.replace(".", "/") + ".py") for m in MODULES[group]), Path(__file__))


def notebook_url(stem):
    """The published address of a notebook's page (its downloads link to the site absolutely)."""
    from sitebuild.config import mkdocs_config

    return f"{mkdocs_config()['site_url'].rstrip('/')}/notebooks/{stem}/"


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


def figure_file(name, layout, theme):
    """The file name of a figure's variant under figures/: sigmoid-dark.svg, sigmoid-narrow-light.svg."""
    return f"{name}{'-narrow' if layout == 'narrow' else ''}-{theme}.svg"


def figure_snippet(figure, sizes):
    """The figure's images: light and dark, and for a figure with a narrow variant each of them
    wide and narrow. All are lazy, and all but one are hidden by CSS (Material hides the other
    palette's, site.css the other width's), so the browser fetches only the one it shows."""
    alt = html.escape(figure.alt, quote=True)
    images = []
    for theme in ("light", "dark"):
        for layout, (width, height) in sizes.items():
            mark = "" if len(sizes) == 1 else f" .figure-{layout}"
            images.append(f'  ![{alt}](figures/{figure_file(figure.name, layout, theme)}#only-{theme})'
                          f'{{ width="{width}" height="{height}" loading=lazy{mark} }}')
    images = "\n".join(images)
    return (f'<figure markdown="span" id="figure-{figure.name}">\n{images}\n'
            f"  <figcaption>{html.escape(figure.caption)}</figcaption>\n</figure>\n")


def make_figures(modules):
    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "sigmoid-site"  # stable glyph and clip ids
    written = []
    for figure in (f for module in modules for f in module.FIGURES):
        sizes = {}
        for layout in ("wide", "narrow") if figure.narrow else ("wide",):
            for theme in ("light", "dark"):
                try:
                    fig = figure.draw(theme, layout) if figure.narrow else figure.draw(theme)
                    sizes[layout] = tuple(round(v * 72) for v in fig.get_size_inches())
                    svg = render_svg(fig)
                except Exception as error:
                    plt.close("all")
                    raise GenerationError(f"{where(error)}: figure '{figure.name}' ({theme}, {layout}) "
                                          f"failed: {type(error).__name__}: {error}") from None
                path = FIGURE_DIR / figure_file(figure.name, layout, theme)
                write_if_changed(path, svg)
                written.append(path)
        snippet = SNIPPET_DIR / f"figure-{figure.name}.md"
        write_if_changed(snippet, figure_snippet(figure, sizes))
        written.append(snippet)
    return written


def all_figures():
    """Every figure of the site, from each module of MODULES["figures"] (for the tests)."""
    return [figure for name in MODULES["figures"] for figure in import_module(name).FIGURES]


def make_tables(modules):
    written = []
    for name, make in ((n, m) for module in modules for n, m in module.TABLES.items()):
        try:
            text = make()
        except Exception as error:
            raise GenerationError(f"{where(error)}: table '{name}' failed: {type(error).__name__}: {error}") from None
        path = SNIPPET_DIR / f"{name}.md"
        write_if_changed(path, text)
        written.append(path)
    return written


def make_values(modules):
    import published as numbers  # the modules registered their numbers there

    try:
        published = numbers.all_html()
    except Exception as error:
        raise GenerationError(f"{where(error)}: a published number failed: {type(error).__name__}: {error}") from None
    write_if_changed(VALUES, json.dumps(published, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return [VALUES]


def make_audit(modules):
    """The How-it-checks page's snippets: the recorded audit figure and a real error message."""
    (module,) = modules
    try:
        made = module.snippets()
    except Exception as error:
        raise GenerationError(f"{where(error)}: the audit snippets failed: {type(error).__name__}: {error}") from None
    written = []
    for name, text in made.items():
        write_if_changed(SNIPPET_DIR / name, text)
        written.append(SNIPPET_DIR / name)
    return written


MAKERS = {"figures": make_figures, "tables": make_tables, "values": make_values, "audit": make_audit}


def make_notebook(stem):
    from sitebuild import notebooks

    try:
        return notebooks.make(notebooks.SOURCES / f"{stem}.py", notebook_url(stem))
    except notebooks.NotebookError as error:
        raise GenerationError(str(error)) from None
    except Exception as error:
        raise GenerationError(f"{where(error)}: notebook '{stem}' failed: {type(error).__name__}: {error}") from None


def make(names):
    """{group: [outputs relative to OUT]}, made by this process; notebooks two at a time (a
    kernel mostly waits)."""
    from concurrent.futures import ThreadPoolExecutor

    made = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = {g: pool.submit(make_notebook, g.removeprefix(NOTEBOOK)) for g in names if g.startswith(NOTEBOOK)}
        for group in (g for g in names if not g.startswith(NOTEBOOK)):
            modules = []
            for name in MODULES[group]:
                try:
                    modules.append(import_module(name))
                except Exception as error:
                    raise GenerationError(f"{where(error)}: {name} could not be loaded: "
                                          f"{type(error).__name__}: {error}") from None
            made[group] = MAKERS[group](modules)
        made.update({group: run.result() for group, run in runs.items()})
    return {group: sorted(p.relative_to(OUT).as_posix() for p in paths) for group, paths in made.items()}


# -- in the build: decide, and remake in a fresh process ----------------------------------------

def stale_groups(manifest):
    keys = {group: key_of(group) for group in groups()}
    stale = [g for g in keys if manifest.get(g, {}).get("key") != keys[g]
             or not all((OUT / p).exists() for p in manifest.get(g, {}).get("outputs", []))]
    return stale, keys


def generate_all():
    """Bring every generated file up to date; returns the names of the groups remade."""
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    stale, keys = stale_groups(manifest)
    if not stale:
        return []
    fresh, here = [g for g in stale if g not in IN_PROCESS], [g for g in stale if g in IN_PROCESS]
    made = {}
    if fresh:
        result = subprocess.run([sys.executable, "-m", "sitebuild.generate", "--make", *fresh],
                                cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            # The last line that starts with "error: " and what follows it (warnings may come before).
            m = re.search(r"(?:^|\n)error: (?!.*\nerror: )(.*)\Z", result.stderr.strip(), re.DOTALL)
            raise GenerationError.parse(m[1] if m else f"generation failed: {result.stderr.strip()[-500:]}")
        made.update(json.loads(result.stdout))
    if here:  # after the fresh process: the example reads the page with its new numbers
        made.update(make(here))
    for group, outputs in made.items():
        manifest[group] = {"key": keys[group], "outputs": outputs}
    manifest = {group: entry for group, entry in manifest.items() if group in keys}  # a notebook removed
    write_if_changed(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return stale


def published_values():
    return json.loads(VALUES.read_text())


def published_files():
    """The files of the last generation that are published as they are, relative to OUT: the
    figures (figures/NAME-THEME.svg) and the notebooks' downloads and figures
    (notebook-files/STEM/...)."""
    manifest = json.loads(MANIFEST.read_text())
    outputs = [p for entry in manifest.values() for p in entry["outputs"]]
    return sorted(p for p in outputs if p.startswith(("figures/", "notebook-files/")))


if __name__ == "__main__":
    try:
        if sys.argv[1:2] == ["--make"]:
            print(json.dumps(make(sys.argv[2:])))
        elif sys.argv[1:2] == ["--stale"]:  # what a build would remake now, without remaking it
            manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
            print("stale:", ", ".join(stale_groups(manifest)[0]) or "nothing")
        else:
            print("remade:", ", ".join(generate_all()) or "nothing (all up to date)")
    except GenerationError as error:
        sys.exit(f"error: {error}")
