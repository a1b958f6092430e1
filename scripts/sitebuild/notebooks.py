"""The companion notebooks: jupytext percent-format sources in docs/notebooks/, executed,
checked and rendered when the site is built.

mkdocs-jupyter makes each notebook a page (navigation, search, edit link); this module takes
over its render step for those pages so that
  - a cell that is only an include, `# --8<-- "blog_post.py:numpy"`, gets the project's code
    (as on the Markdown pages): one source, and the published notebook needs only NumPy and
    matplotlib;
  - cell ids are numbered, not random (jupytext's), so two builds are byte-identical;
  - a failing cell stops the build with the notebook, the cell and the line;
  - the cache keys on the notebook and on every file it includes;
  - the page is slim: no inlined CSS or scripts (their few rules are in stylesheets/site.css, served once),
    Material's own code blocks, figures as PNG files with alt text, and math marked up for
    page_math, which checks and renders it with KaTeX like on every other page.
"""

import base64
import copy
import html
import json
import re
import subprocess
import tempfile
import threading
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin

import jupytext
import nbformat
from bs4 import BeautifulSoup, Comment

from sitebuild import CACHE, snippets
from sitebuild.cache import code_key, write_if_changed

CACHE_DIR = CACHE / "notebooks"
TIMEOUT = 300  # seconds for one cell
INCLUDE = re.compile(r'^# (-{1,}8<-{1,}[ \t]+"([^"]+)")[ \t]*$', re.MULTILINE)
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}
# The options of mkdocs-jupyter's converter that this module passes on.
CONVERT_OPTIONS = ("theme", "show_input", "no_input", "no_prompt", "remove_tag_config",
                   "highlight_extra_classes", "include_requirejs", "custom_mathjax_url")


class NotebookError(Exception):
    """A notebook cannot be built; the message names the notebook, the cell and the line."""


# -- the notebook a reader gets -----------------------------------------------------------------

def load(path, snippet_options=None, name=None):
    """The notebook from its jupytext source: includes expanded, cells numbered, Python 3."""
    name = name or Path(path).name
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

    nb = copy.deepcopy(nb)
    with tempfile.TemporaryDirectory() as workdir:
        client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", allow_errors=allow_errors,
                                record_timing=False, resources={"metadata": {"path": workdir}})
        try:
            client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log, not the notebook's
        except CellExecutionError:
            raise NotebookError(describe_failure(nb, name, source_text)) from None
        except Exception as error:  # a timeout, a dead kernel
            raise NotebookError(f"{name}: the notebook could not be run: {type(error).__name__}: {error}") from None
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


def convert(nb, options):
    """mkdocs-jupyter's HTML for an (executed) notebook, without running it again."""
    from mkdocs_jupyter import convert as mkdocs_jupyter

    with tempfile.TemporaryDirectory() as tmp, _convert_lock:
        path = Path(tmp) / "notebook.ipynb"
        path.write_text(json.dumps(nb))
        chosen = {k: options[k] for k in CONVERT_OPTIONS if k in options}
        return mkdocs_jupyter.nb2html(str(path), execute=False, **chosen)


def slim(page_html, nb, name, stem):
    """mkdocs-jupyter's HTML reduced to what a reader sees. Returns (html, {file: png data})."""
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
    images = _extract_images(soup, nb, name, stem)
    parts = re.split(r"(<pre[\s\S]*?</pre>)", str(soup))  # blank lines outside <pre> carry nothing
    parts[::2] = [re.sub(r"\n\s*\n", "\n", part) for part in parts[::2]]
    return "".join(parts).strip() + "\n", images


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


def _extract_images(soup, nb, name, stem):
    images = {}
    for cell_box in soup.select(".jp-Cell[id]"):
        index = int(cell_box["id"].rsplit("-", 1)[1]) - 1
        found = cell_box.select('img[src^="data:image/png;base64,"]')
        alt = nb.cells[index].metadata.get("alt", "").strip()
        if found and not alt:
            raise NotebookError(f'{name}: cell {index + 1} shows a figure but has no alt text: write it on '
                                f'the cell\'s first line, as in # %% alt="The sigmoid, an S-shaped curve."')
        for number, img in enumerate(found, 1):
            data = img["src"].split(",", 1)[1]
            file = f"{stem}-{index + 1}.png" if len(found) == 1 else f"{stem}-{index + 1}-{number}.png"
            png = base64.b64decode(data)
            width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
            img.attrs = {"src": file, "alt": alt, "width": str(width), "height": str(height)}
            images[file] = data
    return images


def add_download_links(page_html, stem):
    link = (f'<p class="nb-download" data-search-exclude><a href="{stem}.ipynb" download>Download this notebook'
            f'</a> ({stem}.ipynb), or the same code as a <a href="{stem}.py" download>Python script</a>. '
            f'It needs only NumPy and matplotlib.</p>')
    return page_html.replace("</h1>", "</h1>" + link, 1)


def toc_tokens(page_html, depth=6):
    """Table of contents from the page's own headings, so every entry points at a real anchor."""
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


# -- the build: cache, page, published files -------------------------------------------------------

def cache_key(path, options, snippet_options, page_url=None):
    """The cache rule of every generated thing (sitebuild.cache): the notebook, the files it
    includes, this code with what it imports, the tool versions, and the plugin's settings."""
    settings = json.dumps({k: options.get(k) for k in ("execute", "allow_errors", *CONVERT_OPTIONS)},
                          sort_keys=True, default=str)
    return code_key(Path(path), *included_files(path, snippet_options), Path(__file__),
                    extra=(settings, page_url))


def build(path, name, options, snippet_options=None, page_url=None):
    """Everything the page needs: {'html', 'toc', 'title', 'images', 'ipynb', 'py'}."""
    path = Path(path)
    key = cache_key(path, options, snippet_options, page_url)
    cached = CACHE_DIR / f"{path.stem}-{key[:20]}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    nb = load(path, snippet_options, name)
    shown = execute(nb, name, path.read_text(), options.get("allow_errors", False)) if options.get("execute") else nb
    page_html, images = slim(convert(shown, options), shown, name, path.stem)
    page_html = add_download_links(page_html, path.stem)
    toc = toc_tokens(page_html, options.get("toc_depth", 6))
    title = next((html.unescape(t["name"]) for t in toc if t["level"] == 1), None)
    download = reader_copy(nb, page_url)
    result = {"html": page_html, "toc": toc, "title": title, "images": images,
              "ipynb": nbformat.writes(download) + "\n",
              "py": jupytext.writes(download, fmt="py:percent")}
    for old in CACHE_DIR.glob(f"{path.stem}-*.json"):
        old.unlink()
    write_if_changed(cached, json.dumps(result))
    return result


def markdown_lines(source_text):
    """The source with the '# ' of Markdown cells dropped, line for line: page_math finds a
    formula's line here, and that line is the line in the .py file."""
    return "\n".join(line.removeprefix("# ") for line in source_text.splitlines())


# -- MkDocs (called from sitebuild.hooks) ----------------------------------------------------------

_started = {"files": None, "runs": {}}  # this build's notebooks, run two at a time
_convert_lock = threading.Lock()  # mkdocs-jupyter's converter keeps a global counter


def _start(config, files):
    """Run every notebook of the build in the background, two at a time: a kernel mostly waits."""
    plugin = config.plugins["mkdocs-jupyter"]
    notebook_files = [f for f in files.documentation_pages() if plugin.should_include(f)]
    snippet_options = config.mdx_configs.get("pymdownx.snippets", {})
    pool = ThreadPoolExecutor(max_workers=2)
    runs = {}
    for file in notebook_files:
        options = dict(plugin.config)
        options["execute"] = options["execute"] and not any(
            Path(file.abs_src_path).match(p) for p in options.get("execute_ignore") or [])
        runs[file.src_uri] = (options, pool.submit(build, file.abs_src_path, f"docs/{file.src_uri}", options,
                                                   snippet_options, file.page.canonical_url if file.page else None))
    pool.shutdown(wait=False)
    _started.update(files=files, runs=runs)


def on_pre_page(page, config, files):
    """Replace mkdocs-jupyter's render step for a notebook page with build() above."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.toc import get_toc

    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.should_include(page.file):
        return
    if _started["files"] is not files:  # the first notebook page: the Markdown pages built fine
        _start(config, files)
    options, run = _started["runs"][page.file.src_uri]
    stem = Path(page.file.src_uri).stem

    def render(self, config, files):
        try:
            result = run.result()
        except NotebookError as error:
            raise PluginError(str(error)) from None
        self.content, self.toc = result["html"], get_toc(result["toc"])
        if result["title"] and not options.get("ignore_h1_titles"):
            self.title = result["title"]
        self.markdown = markdown_lines(Path(self.file.abs_src_path).read_text())
        self.notebook_files = {f"{stem}.ipynb": result["ipynb"].encode(), f"{stem}.py": result["py"].encode(),
                               **{n: base64.b64decode(d) for n, d in result["images"].items()}}

    page.render = types.MethodType(render, page)
    page.nb_url = urljoin(page.abs_url or "/", f"{stem}.ipynb")


def on_post_page(page, config):
    """Publish the notebook's files beside its page (after mkdocs-jupyter copied the source)."""
    for file, data in getattr(page, "notebook_files", {}).items():
        write_if_changed(Path(page.file.abs_dest_path).parent / file, data)
