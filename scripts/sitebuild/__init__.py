"""The build machinery: MkDocs hooks, generation and its cache, snippets, placeholders, notebooks
and the math checker. Data flows one way: docs/ and the sigmoid package in, site/ out."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
CODE = ROOT / "docs" / "code"  # the code the pages show (importable, like scripts/)
OUT = ROOT / "generated"
CACHE = ROOT / ".cache"
