"""docs/integration.md says what the code does: its exception table lists every public
``SupervisionError`` subclass (and nothing that does not exist), each with an HTTP status."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import supervision
from supervision.exceptions import SupervisionError

PAGE = Path(__file__).parent.parent / "docs" / "integration.md"


def public_error_classes() -> set[str]:
    """The names of the SupervisionError subclasses a public module of the package exposes
    (a module path without a ``_``-prefixed part; a class whose name starts with ``_`` is
    private)."""
    found: set[str] = {SupervisionError.__name__}
    for info in pkgutil.walk_packages(supervision.__path__, "supervision."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or "migrations" in parts:
            continue
        module = importlib.import_module(info.name)
        names = set(vars(module)) | set(getattr(module, "__all__", ()))  # lazy exports too
        for name in names:
            value = getattr(module, name, None)
            if (
                isinstance(value, type)
                and issubclass(value, SupervisionError)
                and not name.startswith("_")
            ):
                found.add(value.__name__)
    return found


def exception_table() -> dict[str, str]:
    """Class name → HTTP cell of the table in the page's errors section."""
    text = PAGE.read_text(encoding="utf-8")
    section = re.search(r"^## \d+\. Errors and HTTP statuses$(.*?)(?=^## )", text,
                        re.MULTILINE | re.DOTALL)
    assert section is not None, "integration.md has an 'Errors and HTTP statuses' section"
    rows: dict[str, str] = {}
    for line in section.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        for name in re.findall(r"`([A-Za-z]+)`", cells[0]):
            rows[name] = cells[2]
    return rows


def test_exception_table_lists_every_public_supervision_error() -> None:
    """Every public exception class of the library has a row, and every row names a class
    that exists."""
    assert sorted(public_error_classes()) == sorted(exception_table())


def test_every_exception_row_gives_a_status_or_says_why_none() -> None:
    """Each row's HTTP cell is a status code, or a dash saying the error never reaches a
    request (start-up, deployment, tests)."""
    cells = exception_table()
    odd = {name: cell for name, cell in cells.items()
           if not re.match(r"^(\d{3}\b|—)", cell)}
    assert {} == odd


def test_the_page_maps_hidden_and_missing_matters_to_the_same_404() -> None:
    """MatterNotFound answers 404 (a confidential matter's existence is not revealed);
    ConcurrencyError 409, PermissionDenied 403, InvalidInput and RuleViolation 422."""
    cells = exception_table()
    assert ("404", "409", "403", "422", "422") == tuple(
        cells[name].split()[0] for name in (
            "MatterNotFound", "ConcurrencyError", "PermissionDenied", "InvalidInput",
            "RuleViolation",
        )
    )
