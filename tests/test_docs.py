"""Every ```python block in README.md and docs/ runs (blocks of one file share a namespace)."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^([ \t]*)```python[ \t]*\n(.*?)^\1```[ \t]*$", re.MULTILINE | re.DOTALL)


def python_blocks(page: Path) -> list[str]:
    return [
        textwrap.dedent(body)
        for _indent, body in BLOCK.findall(page.read_text(encoding="utf-8"))
    ]


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_python_blocks_in_the_page_run(page: Path) -> None:
    """Each python code block of the page executes without error, in order."""
    blocks = python_blocks(page)
    if not blocks:
        pytest.skip("no python blocks")
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    old = Path.cwd()
    os.chdir(ROOT)
    try:
        for number, block in enumerate(blocks, start=1):
            code = compile(block, f"{page.name}[block {number}]", "exec")
            exec(code, namespace)
    finally:
        os.chdir(old)


def test_the_docs_have_runnable_blocks() -> None:
    """The calendar and periods pages carry runnable examples (guards the block pattern)."""
    assert python_blocks(ROOT / "docs" / "periods.md")
    assert python_blocks(ROOT / "docs" / "calendar.md")
