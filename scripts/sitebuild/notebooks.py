"""The companion notebooks: jupytext percent-format sources in docs/notebooks/, executed and
checked when the site is built, rendered by mkdocs-jupyter.

The flow goes one way, through MkDocs' own seams:
  1. generate stage (sitebuild.generate, a fresh process, cached by its one rule): each source is
     loaded with its include cells expanded (`# --8<-- "blog_post.py:numpy"` gets the project's
     code, as on the Markdown pages), cell ids numbered (not random), run top to bottom in a
     fresh kernel (a failing cell stops the build with the notebook, the cell and the line), and
     written as an executed .ipynb, plus the reader's downloads (.ipynb and .py without outputs,
     links absolute) and the figures as PNG files;
  2. hooks.on_files hands mkdocs-jupyter the executed notebook as the page's source file
     (File.generated), and mkdocs-jupyter renders it (its `execute: false`, its own cache);
  3. hooks.on_page_content slims the page to what a reader sees: no inlined CSS or scripts,
     Material's code blocks, figures as the PNG files with alt text, and math marked up for
     page_math, which checks and renders it with KaTeX like on every other page.
"""

import atexit
import base64
import copy
import html
import json
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urljoin

from sitebuild import OUT, ROOT, cache, snippets
from sitebuild.cache import write_if_changed

SOURCES = ROOT / "docs" / "notebooks"
SHOWN = OUT / "notebooks"  # the executed notebooks mkdocs-jupyter renders
FILES = OUT / "notebook-files"  # per notebook: downloads and figures, published beside its page
TIMEOUT = 300  # seconds for one cell
# A kernel that never answers, before any cell has run, is started again: one died before it
# answered in a clean build on a busy machine (CI's script on a fresh clone), and one, alive, had
# not answered after nbclient's 60 s in another (two kernels start at once, in two threads): chance
# failures of the machine, not of the notebook. A cell's failure, or a kernel dying later, is never
# retried. (jupyter_client's messages.)
NEVER_ANSWERED = ("Kernel died before replying to kernel_info", "Kernel didn't respond in ")
KERNEL_STARTS = 3
INCLUDE = re.compile(r'^# (-{1,}8<-{1,}[ \t]+"([^"]+)")[ \t]*$', re.MULTILINE)
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}


class NotebookError(Exception):
    """A notebook cannot be built; the message names the notebook, the cell and the line."""


def sources():
    return sorted(SOURCES.glob("*.py"))


# -- the notebook a reader gets -----------------------------------------------------------------

def load(path, snippet_options=None, name=None):
    """The notebook from its jupytext source: includes expanded, cells numbered, Python 3."""
    name = name or Path(path).name
    import jupytext  # jupytext, nbformat and bs4 load only when a notebook or its page is made anew

    nb = jupytext.read(path)
    for index, cell in enumerate(nb.cells):
        cell.id = f"cell-{index + 1}"
        if cell.cell_type == "code" and INCLUDE.search(cell.source):
            try:
                cell.source = INCLUDE.sub(lambda m: snippets.expand(m.group(1), snippet_options), cell.source)
            except Exception as error:  # pymdownx's SnippetMissingError and the like
                raise NotebookError(f"{name}: cell {index + 1}: {error}") from None
    nb.metadata = copy.deepcopy(KERNEL)
    return nb


def included_files(path, snippet_options=None):
    """The files a notebook's include cells read (part of its cache key)."""
    lines = "\n".join(m.group(1) for m in INCLUDE.finditer(Path(path).read_text()))
    return sorted({p for _, _, p in snippets.includes(lines, snippet_options) if p})


def reader_copy(nb, page_url=None):
    """The notebook offered for download: no outputs, links absolute (it leaves the site)."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        elif page_url:
            cell.source = re.sub(r"\]\((?![a-z]+:|#)([^)\s]+)\)",
                                 lambda m: f"]({urljoin(page_url, m.group(1))})", cell.source)
    return nb


# -- execution ------------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def execute(nb, name, source_text, allow_errors=False):
    """A copy of the notebook with outputs, run top to bottom in a fresh Python 3 kernel whose
    working folder is an empty temporary one (as for a reader who downloaded it)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    for attempt in range(1, KERNEL_STARTS + 1):
        run = copy.deepcopy(nb)
        with tempfile.TemporaryDirectory() as workdir:
            client = NotebookClient(run, timeout=TIMEOUT, kernel_name="python3", allow_errors=allow_errors,
                                    record_timing=False, resources={"metadata": {"path": workdir}})
            try:
                client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log, not the notebook's
                break
            except CellExecutionError:
                raise NotebookError(describe_failure(run, name, source_text)) from None
            except Exception as error:  # a timeout, a dead kernel
                atexit.unregister(client._cleanup_kernel)  # (nbclient's, left behind: a traceback at exit)
                if attempt < KERNEL_STARTS and any(message in str(error) for message in NEVER_ANSWERED):
                    continue
                raise NotebookError(f"{name}: the notebook could not be run: {type(error).__name__}: {error}"
                                    + (f" ({attempt} kernels started)" if attempt > 1 else "")) from None
    nb = run
    # The kernel may send one print as one or several stream messages, depending on timing:
    # merge them so the page is the same on every build.
    from nbconvert.preprocessors import CoalesceStreamsPreprocessor
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    return nb


def describe_failure(nb, name, source_text):
    """'docs/notebooks/x.py:42: cell 5 raised ZeroDivisionError: ...' and the line of code."""
    lines = source_text.splitlines()
    markers = [n for n, line in enumerate(lines, 1) if line.startswith("# %%")]
    for index, cell in enumerate(nb.cells):
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        if not errors:
            continue
        error = errors[0]
        where, code = name, ""
        found = re.findall(r"Cell In\[\d+\], line (\d+)", ANSI.sub("", "\n".join(error.traceback)))
        if len(markers) == len(nb.cells):
            start, end = markers[index], (markers + [len(lines) + 1])[index + 1]
            included = any(INCLUDE.match(line) for line in lines[start:end - 1])
            where = f"{name}:{start + int(found[0]) if found and not included else start}"
        if found and int(found[0]) <= len(cell.source.splitlines()):
            code = "\n    " + cell.source.splitlines()[int(found[0]) - 1].strip()
        return f"{where}: cell {index + 1} raised {error.ename}: {error.evalue}{code}"
    return f"{name}: a cell failed"


# -- the page ------------------------------------------------------------------------------------

MATH = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$])\$(?=\S)(?P<inline>.+?)(?<=\S)(?<!\\)\$", re.DOTALL)
DROP = ("script, style, .zeroclipboard-container, .clipboard-copy-txt, .jp-Collapser, "
        ".jp-InputPrompt, .jp-OutputPrompt")
UNWRAP = (".jp-Cell-inputWrapper, .jp-InputArea, .jp-CodeMirrorEditor, .CodeMirror, "
          ".jp-Cell-outputWrapper, .jp-OutputArea-child")


def slim(page_html, nb, name, stem):
    """mkdocs-jupyter's HTML reduced to what a reader sees."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(page_html, "html.parser")
    for node in soup.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for tag in soup.select(DROP):
        tag.decompose()
    _mark_math(soup, name)
    # Markdown cells unwrapped, so that headings and code cells are siblings, as on a Markdown
    # page: the search index then files each code cell under its heading.
    for tag in soup.select(UNWRAP) + soup.select("div.jp-Cell:not([id]), .jp-MarkdownCell, .jp-RenderedMarkdown"):
        tag.unwrap()
    for tag in soup.select(".jupyter-wrapper, .jp-Notebook, .jp-Cell, .jp-OutputArea"):
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in ("class", "id")}
        tag["class"] = [c for c in tag["class"] if c in ("jupyter-wrapper", "jp-Notebook", "jp-Cell", "jp-CodeCell",
                                                         "jp-OutputArea")]
    for cell in soup.select("div.jp-CodeCell"):
        if STYLE_DEFINITION in cell.get_text():
            cell["data-search-exclude"] = ""  # the figure style: the same lines on every notebook page
    for box in soup.select("div.highlight-ipynb"):  # Material's code block: its colours and copy button
        box["class"] = ["language-python", "highlight"]
        code = soup.new_tag("code")
        code.extend([n for n in box.pre.contents if not (n.name == "span" and not n.contents)])
        box.pre.append(code)
    for tag in soup.select(".jp-OutputArea-output"):
        tag.attrs = {k: v for k, v in tag.attrs.items() if k in ("class", "data-mime-type")}
        if tag.pre:
            tag["tabindex"] = "0"  # a text output may scroll sideways: keyboard users reach it
    for link in soup.select("a.anchor-link"):  # Material's permalink, as on the Markdown pages
        link.attrs = {"class": "headerlink", "href": link["href"], "title": "Permanent link"}
    _link_images(soup, nb, stem)
    parts = re.split(r"(<pre[\s\S]*?</pre>)", str(soup))  # blank lines outside <pre> carry nothing
    parts[::2] = [re.sub(r"\n\s*\n", "\n", part) for part in parts[::2]]
    return "".join(parts).strip() + "\n"


def _mark_math(soup, name):
    """$...$ and $$...$$ in Markdown cells -> arithmatex's markup, which page_math reads. A $
    left over is a formula that would show as raw TeX: an error."""
    for box in soup.select(".jp-MarkdownCell"):
        for text in list(box.find_all(string=True)):
            if "$" not in text or text.find_parent(["code", "pre"]):
                continue
            nodes, last = [], 0
            for m in MATH.finditer(text):
                display = m.group("display") is not None
                tag = soup.new_tag("div" if display else "span", attrs={"class": "arithmatex"})
                tag.string = rf"\[{m.group('display')}\]" if display else rf"\({m.group('inline')}\)"
                nodes += [text[last:m.start()], tag]
                last = m.end()
            if not nodes:
                continue
            rest, parent = text[last:], text.parent
            if len(nodes) == 2 and not (nodes[0] + rest).strip() and nodes[1].name == "div" \
                    and parent.name == "p" and len(parent.contents) == 1:
                parent.replace_with(nodes[1])  # a paragraph that is one display formula
                continue
            for node in nodes[1::2]:
                node.name = "span"  # display math inside running text stays inline in the HTML
            text.replace_with(*[n for n in nodes + [rest] if n != ""])
        for text in box.find_all(string=True):
            if "$" in text and not text.find_parent(["code", "pre"]) and not text.find_parent(class_="arithmatex"):
                raise NotebookError(f"{name}: a $ that starts no formula (or ends none) in: {text.strip()[:80]!r}")


def css_size(png):
    """A PNG's size in CSS px: its pixels at the resolution it records (pHYs, which matplotlib
    writes from the figure's dpi), 72 per inch, as the site's figures are sized in pt."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    at = png.find(b"pHYs")
    if at > 0 and png[at + 12] == 1:  # unit: metre
        dpi = int.from_bytes(png[at + 4:at + 8], "big") * 0.0254
        width, height = round(width * 72 / dpi), round(height * 72 / dpi)
    return width, height


def _link_images(soup, nb, stem):
    """Inlined PNG figures -> the files the generate stage wrote (which also checked their alt
    text), with that alt text and their size; each figure in the light palette and, beside it,
    the dark one (Material shows the palette's own; loading=lazy: the other is never fetched)."""
    for cell_box in soup.select(".jp-Cell[id]"):
        index = int(cell_box["id"].rsplit("-", 1)[1]) - 1
        found = cell_box.select('img[src^="data:image/png;base64,"]')
        for number, img in enumerate(found, 1):
            width, height = css_size(base64.b64decode(img["src"].split(",", 1)[1]))
            attrs = {"alt": nb.cells[index].metadata.get("alt", "").strip(),
                     "width": str(width), "height": str(height), "loading": "lazy"}
            img.attrs = {"src": image_file(stem, index, number, len(found)) + "#only-light", **attrs}
            dark = soup.new_tag("img", attrs={
                "src": image_file(stem, index, number, len(found), "dark") + "#only-dark", **attrs})
            img.insert_after(dark)


def add_download_links(page_html, stem):
    link = (f'<p class="nb-download" data-search-exclude><a href="{stem}.ipynb" download>Download this notebook'
            f'</a> ({stem}.ipynb), or the same code as a <a href="{stem}.py" download>Python script</a>. '
            f'It needs only NumPy and matplotlib.</p>')
    return page_html.replace("</h1>", "</h1>" + link, 1)


def toc_tokens(page_html, depth=6):
    """Table of contents from the page's own headings, so every entry points at a real anchor."""
    from bs4 import BeautifulSoup
    from markdown.extensions.toc import nest_toc_tokens

    soup = BeautifulSoup(page_html, "html.parser")
    flat = []
    for heading in soup.find_all(re.compile(f"^h[1-{depth}]$")):
        if heading.get("id"):
            for link in heading.select(".headerlink"):
                link.extract()
            flat.append({"level": int(heading.name[1]), "id": heading["id"],
                         "name": html.escape(heading.get_text().strip(), quote=False), "children": []})
    return nest_toc_tokens(flat)


def image_file(stem, index, number, count, theme="light"):
    """The name of a cell's figure, the same in the generate stage and on the page."""
    name = f"{stem}-{index + 1}" if count == 1 else f"{stem}-{index + 1}-{number}"
    return f"{name}.png" if theme == "light" else f"{name}-{theme}.png"


STYLE_DEFINITION = "def use_site_style"
STYLE_CALL = 'use_site_style("light")'  # the notebooks' style line (docs/code/figure_style.py)


def themed(nb, name, theme):
    """The notebook drawing in another palette: its style line set to that theme."""
    nb = copy.deepcopy(nb)
    calls = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and STYLE_CALL in cell.source:
            cell.source = cell.source.replace(STYLE_CALL, f'use_site_style("{theme}")')
            calls += 1
    if not calls:
        raise NotebookError(f'{name}: it shows figures but never calls {STYLE_CALL}: include '
                            f'"figure_style.py:notebook" and call it, so its figures match the site')
    return nb


def figures_of(nb):
    """[(cell index, [PNG data])] for the cells that show figures."""
    found = [(index, [o["data"]["image/png"] for o in cell.get("outputs", []) if "image/png" in o.get("data", {})])
             for index, cell in enumerate(nb.cells)]
    return [(index, pngs) for index, pngs in found if pngs]


def markdown_lines(source_text):
    """The source with the '# ' of Markdown cells dropped, line for line: page_math finds a
    formula's line here, and that line is the line in the .py file."""
    return "\n".join(line.removeprefix("# ") for line in source_text.splitlines())


# -- the generate stage --------------------------------------------------------------------------

def inputs(path, snippet_options=None):
    """What a notebook's outputs depend on (with this code, for its cache key)."""
    return [Path(path), *included_files(path, snippet_options), Path(__file__)]


def make(path, page_url):
    """Run one notebook and write its files; returns their paths."""
    import jupytext
    import nbformat

    path, name = Path(path), f"docs/notebooks/{Path(path).name}"
    nb = load(path, name=name)
    shown = execute(nb, name, path.read_text())
    written = [SHOWN / f"{path.stem}.ipynb"]
    write_if_changed(written[0], nbformat.writes(shown) + "\n")
    download = reader_copy(nb, page_url)
    folder = FILES / path.stem
    written += [folder / f"{path.stem}.ipynb", folder / f"{path.stem}.py"]
    write_if_changed(written[1], nbformat.writes(download) + "\n")
    write_if_changed(written[2], jupytext.writes(download, fmt="py:percent"))
    light = figures_of(shown)
    for index, _ in light:
        if not shown.cells[index].metadata.get("alt", "").strip():
            raise NotebookError(f'{name}: cell {index + 1} shows a figure but has no alt text: write it on '
                                f'the cell\'s first line, as in # %% alt="The sigmoid, an S-shaped curve."')
    dark = figures_of(execute(themed(nb, name, "dark"), name, path.read_text())) if light else []
    for theme, found in (("light", light), ("dark", dark)):
        for index, pngs in found:
            for number, data in enumerate(pngs, 1):
                written.append(folder / image_file(path.stem, index, number, len(pngs), theme))
                write_if_changed(written[-1], base64.b64decode(data))
    return written


# -- the page (called from sitebuild.hooks) --------------------------------------------------------

def page_html(rendered, src_uri, toc_depth=6):
    """mkdocs-jupyter's HTML for a notebook page -> (slim HTML, toc tokens, title)."""
    stem = Path(src_uri).stem
    executed = SHOWN / f"{stem}.ipynb"

    def make():
        import nbformat

        shown = nbformat.read(executed, as_version=4)
        slimmed = add_download_links(slim(rendered, shown, f"docs/{src_uri}", stem), stem)
        return json.dumps([slimmed, toc_tokens(slimmed, toc_depth)], ensure_ascii=False)

    # Made again only when mkdocs-jupyter's HTML, the executed notebook or this code changed.
    key = cache.code_key(__file__, extra=[src_uri, rendered, executed.read_text(encoding="utf-8"), toc_depth])
    slimmed, toc = json.loads(cache.reuse("notebook-pages", key, make))
    title = next((html.unescape(t["name"]) for t in toc if t["level"] == 1), None)
    return slimmed, toc, title
