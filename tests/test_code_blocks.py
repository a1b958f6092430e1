"""Every Python code block on every Markdown page runs, and where the page shows its output
(a ```text block right after it) prints exactly that. Includes (`--8<-- "blog_post.py:numpy"`)
are expanded by pymdownx.snippets with the site's settings, so included code is run too."""

import contextlib
import io
import re
import traceback
from pathlib import Path

import pytest
from sitebuild import snippets

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)[^\n]*\n"
                   r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)


def blocks(text):
    """[(line, code, expected output or None)] for the page's Python blocks."""
    fences = list(FENCE.finditer(text))
    found = []
    for i, m in enumerate(fences):
        if m.group("lang") not in ("python", "py"):
            continue
        indent = len(m.group("indent"))
        code = "\n".join(line[indent:] for line in m.group("body").splitlines())
        after = fences[i + 1] if i + 1 < len(fences) else None
        expected = None
        if after and after.group("lang") == "text" and not text[m.end():after.start()].strip():
            expected = "\n".join(line[indent:] for line in after.group("body").splitlines())
        found.append((text.count("\n", 0, m.start()) + 1, code, expected))
    return found


CASES = [(page, index, line, code, expected)
         for page in sorted(DOCS.rglob("*.md"))
         for index, (line, code, expected) in enumerate(blocks(page.read_text()), 1)]


@pytest.mark.parametrize("page, index, line, code, expected", CASES,
                         ids=[f"{c[0].relative_to(DOCS)}-block{c[1]}" for c in CASES])
def test_code_block_runs_and_prints_what_the_page_shows(page, index, line, code, expected, monkeypatch):
    where = f"{page.relative_to(ROOT)}:{line} (Python block {index})"
    try:
        code = snippets.expand(code)
    except Exception as error:
        pytest.fail(f"{where}: its include cannot be expanded: {error}", pytrace=False)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(ROOT)
    printed, failure = io.StringIO(), None
    try:
        with contextlib.redirect_stdout(printed):
            exec(compile(code, where, "exec"), {"__name__": "__main__"})
    except Exception as error:
        lines = [f.lineno for f in traceback.extract_tb(error.__traceback__) if f.filename == where]
        at = f" at its line {lines[-1]} (page line {line + lines[-1]}): {code.splitlines()[lines[-1] - 1].strip()}" \
            if lines else ""
        failure = f"{where} raised {type(error).__name__}: {error}{at}"
    if failure:
        pytest.fail(failure, pytrace=False)
    if expected is not None:
        got = printed.getvalue().rstrip("\n")
        assert [line.rstrip() for line in got.splitlines()] == \
            [line.rstrip() for line in expected.rstrip("\n").splitlines()], \
            f"{where} prints\n{got}\nbut the page shows\n{expected}"


def test_the_collector_finds_the_blocks():
    """An indented block holding an include (the derivative page's NumPy tab) and a block
    followed by its printed output (the questions page) are both collected."""
    by_page = {}
    for page, _, _, code, expected in CASES:
        by_page.setdefault(page.name, []).append((code, expected))
    assert any("--8<--" in code for code, _ in by_page["derivative.md"])
    assert any(expected for _, expected in by_page["questions.md"])
