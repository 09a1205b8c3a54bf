"""``python -m supervision.adapters.sqlalchemy upgrade URL [REVISION]``: migrate a database;
``… current URL`` prints its revision. Exit codes: 0 done, 1 database error, 2 bad usage."""

from __future__ import annotations

import sys

from supervision.exceptions import SupervisionError

from ._migrations import current_revision, head_revision, upgrade

_USAGE = (
    "usage: python -m supervision.adapters.sqlalchemy upgrade URL [REVISION]\n"
    "       python -m supervision.adapters.sqlalchemy current URL"
)


def main(argv: list[str]) -> int:
    """Run the command in ``argv`` (without the program name); returns the exit code."""
    if len(argv) < 2 or argv[0] not in ("upgrade", "current") or len(argv) > 3:
        print(_USAGE, file=sys.stderr)
        return 2
    command, url = argv[0], argv[1]
    try:
        if command == "upgrade":
            revision = argv[2] if len(argv) == 3 else "head"
            upgrade(url, revision)
            print(f"database at revision {current_revision(url)} (newest {head_revision()})")
        else:
            print(current_revision(url) or "empty (no revision)")
    except SupervisionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
