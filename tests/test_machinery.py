"""The build machinery's own rules: one cache rule read from the code, keys that change with
everything that shapes an output, errors that name their place."""

import os
import shutil
from pathlib import Path

import pytest
from sitebuild import CODE, SCRIPTS, cache, errors
from sitebuild.mathcheck import page_math


def test_the_import_closure_follows_packages_and_the_page_code():
    found = cache.source_closure(SCRIPTS / "sigmoid" / "figures.py")
    closure = {p.relative_to(SCRIPTS.parent).as_posix() for p in found}
    assert {"scripts/sigmoid/figures.py", "scripts/sigmoid/plotstyle.py", "scripts/sigmoid/floating_point.py",
            "scripts/sigmoid/__init__.py", "docs/code/blog_post.py"} <= closure
    assert not any(p.startswith("scripts/sitebuild") for p in closure)  # imports point one way


def test_the_katex_key_changes_with_the_render_script(tmp_path, monkeypatch):
    renderer = tmp_path / "katex_render.js"
    shutil.copy(page_math.RENDERER, renderer)
    monkeypatch.setattr(page_math, "RENDERER", renderer)
    monkeypatch.setattr(cache, "ROOT", tmp_path)  # digest names files relative to the root
    key = page_math.renderer_key("0.16.27")
    renderer.write_text(renderer.read_text().replace('strict: "error"', 'strict: "warn"'))
    assert page_math.renderer_key("0.16.27") != key
    assert page_math.renderer_key("0.16.28") != page_math.renderer_key("0.16.27")


def test_the_checker_key_changes_with_the_code_it_imports(monkeypatch):
    """The checker's cached results are keyed by its code, the reader it imports included (the
    site's vocabulary is part of each result's own key: page_math.check)."""
    key = page_math.checker_key()
    read = cache._read  # what a key reads of each file
    monkeypatch.setattr(cache, "_read", lambda p: read(p) + (b"\n" if Path(p).name == "reader.py" else b""))
    assert page_math.checker_key() != key


def test_a_file_is_read_again_when_it_changes_and_always_while_its_change_is_recent(tmp_path):
    """The key's reads are kept per state of a file (mtime and size), and not at all while the
    mtime is within the file system's clock tick of now (cache.SETTLED_NS): an edit saved in the
    same tick as a read, with the same size, is still seen."""
    path = tmp_path / "module.py"
    path.write_bytes(b"a = 1\n")
    recent = path.stat().st_mtime_ns
    assert cache._read(path) == b"a = 1\n"
    path.write_bytes(b"a = 2\n")
    os.utime(path, ns=(recent, recent))  # same size, same mtime: only its recency tells
    assert cache._read(path) == b"a = 2\n"
    old = recent - 10 * cache.SETTLED_NS
    os.utime(path, ns=(old, old))
    assert cache._read(path) == b"a = 2\n"
    path.write_bytes(b"a = 3\n")
    os.utime(path, ns=(old + 1, old + 1))  # an older edit, seen by its new mtime
    assert cache._read(path) == b"a = 3\n"
    os.utime(tmp_path, ns=(old, old))
    assert cache._listing(tmp_path) == {"module.py"}
    (tmp_path / "other.py").write_text("")  # a file added changes its folder's mtime
    os.utime(tmp_path, ns=(old + 1, old + 1))
    assert cache._listing(tmp_path) == {"module.py", "other.py"}


def test_a_formula_written_twice_is_found_at_its_own_place():
    markdown = "a s(0) $s(0)$ b\n\nc $s(0)$ d\n\n$$\nx\n  = y\n$$\n"
    formulas = page_math.find('<span class="arithmatex">\\(s(0)\\)</span>' * 2 +
                              '<div class="arithmatex">\\[\nx\n= y\n\\]</div>')
    lines = [page_math.line_at(markdown, at) for at in page_math.locate(formulas, markdown)]
    assert lines == [1, 3, 6]


def test_an_error_is_annotated_on_its_line_in_github_actions(monkeypatch, capsys):
    error = errors.BuildError("step 2 does not hold\n  left: a", file="docs/x.md", line=7)
    errors.annotate(error)
    assert capsys.readouterr().out == ""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    errors.annotate(error)
    assert capsys.readouterr().out == "::error file=docs/x.md,line=7::step 2 does not hold%0A  left: a\n"
    assert str(error).startswith("docs/x.md:7: step 2")


def test_the_page_code_is_importable_from_its_folder():
    import blog_post
    assert Path(blog_post.__file__).parent == CODE


def test_the_serve_watcher_hears_a_save_and_not_a_read(tmp_path):
    """mkdocs serve rebuilds on any event it hears (hooks.on_serve): a read of a page, which every
    build makes, must make none, or each rebuild would start the next."""
    import queue

    from sitebuild.file_events import ChangesObserver
    from watchdog.events import FileSystemEventHandler

    page = tmp_path / "page.md"
    page.write_text("before")
    heard = queue.Queue()
    handler = FileSystemEventHandler()
    handler.on_any_event = heard.put
    observer = ChangesObserver()
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        page.read_text()
        page.write_text("after")  # events come in order: a read's would come before this save's
        first = heard.get(timeout=30)
        assert type(first).__name__ in ("FileModifiedEvent", "FileClosedEvent"), first
        assert first.src_path == str(page)
    finally:
        observer.stop()
        observer.join(timeout=30)


def test_katex_renders_with_the_script_on_disk_now(tmp_path, monkeypatch):
    """One Node process renders every batch of a build process (mkdocs serve keeps it across
    rebuilds): an edit of the render script reaches the next render, and a script that fails
    gives the renderer's message, not a hang or a traceback."""
    renderer = tmp_path / "katex_render.js"
    renderer.write_text(page_math.RENDERER.read_text())
    monkeypatch.setattr(page_math, "RENDERER", renderer)
    # (it runs from the project, where KaTeX is installed: require() looks beside the script)
    monkeypatch.setenv("NODE_PATH", str(page_math.KATEX.parent))
    (first,) = page_math.katex([("x^2", True)])
    assert 0 < first["width"] < 2
    renderer.write_text(renderer.read_text().replace("width: width(", "width: 42 + 0 * width("))
    assert page_math.katex([("x^2", True)])[0]["width"] == 42
    renderer.write_text("this is not JavaScript(\n")
    with pytest.raises(errors.BuildError, match="the KaTeX renderer failed: .*identifier 'is'"):
        page_math.katex([("x^2", True)])
