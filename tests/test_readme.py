"""The README keeps its promises to a newcomer: two commands, install lines that install this
library, and a plain word about the other project named ``supervision``."""

from __future__ import annotations

import re
from pathlib import Path

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def shell_lines(section: str) -> list[str]:
    """The commands of the first ```sh block under the heading ``section``."""
    found = re.search(rf"^## {re.escape(section)}$.*?^```sh\n(.*?)^```", README,
                      re.MULTILINE | re.DOTALL)
    assert found is not None, section
    return [line.split("#")[0].strip() for line in found.group(1).splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_the_readme_has_exactly_two_commands() -> None:
    """The main job (the demo) and the whole test suite, nothing else."""
    assert ["python3 tasks.py demo", "python3 tasks.py test"] == shell_lines("Two commands")


def test_every_install_line_names_the_distribution_supervision_duban() -> None:
    """``pip install supervision`` would install the computer-vision project: every install
    line names ``supervision-duban`` (with or without an extra)."""
    lines = shell_lines("Install")
    assert lines
    assert [] == [line for line in lines
                  if not re.fullmatch(r'pip install "?supervision-duban(\[[a-z,]+\])?"?', line)]


def test_the_readme_says_the_two_supervision_packages_cannot_share_an_environment() -> None:
    """A newcomer is told plainly that the two packages importing as ``supervision`` cannot
    be installed side by side."""
    assert "cannot be installed in one environment" in README
