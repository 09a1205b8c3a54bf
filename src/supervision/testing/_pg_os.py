"""Operating-system helpers of :mod:`supervision.testing.postgres` (accounts, ports, the
postmaster's pid file, quoting, versions): private, split from it to keep each module short."""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import shutil
import socket
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from supervision.exceptions import InvalidInput, PostgresUnavailable

ENV_URL: Final = "SUPERVISION_TEST_PG_URL"
LOOPBACK: Final = "127.0.0.1"
_LOG_TAIL_LINES: Final = 25


def _os_user_name() -> str:
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        return str(os.geteuid())


def _os_account(name: str) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        raise PostgresUnavailable(
            "user",
            f"running as root, and PostgreSQL refuses root, but there is no OS user {name!r} "
            "to run it as",
            hint=f"create it (useradd --system {name}) or run the tests as a non-root user",
        ) from None


def _as_user(name: str, args: list[str]) -> list[str]:
    """``args`` as a command run as OS user ``name`` (we are root): runuser, else su."""
    for candidate in (shutil.which("runuser"), "/usr/sbin/runuser", "/sbin/runuser"):
        if candidate and os.access(candidate, os.X_OK):
            return [candidate, "-u", name, "--", *args]
    for candidate in (shutil.which("su"), "/bin/su", "/usr/bin/su"):
        if candidate and os.access(candidate, os.X_OK):
            return [candidate, name, "-s", "/bin/sh", "-c", shlex.join(args)]
    raise PostgresUnavailable(
        "user",
        f"running as root, and neither runuser nor su is available to run PostgreSQL as {name!r}",
        hint="install util-linux (runuser) or run the tests as a non-root user",
    )


def _reachable(path: Path, account: pwd.struct_passwd) -> bool:
    """Whether ``account`` can traverse every directory down to ``path`` (mode bits only)."""
    groups = {account.pw_gid} | {g.gr_gid for g in grp.getgrall() if account.pw_name in g.gr_mem}
    for part in [path.resolve(), *path.resolve().parents]:
        try:
            info = part.stat()
        except OSError:
            return False
        if info.st_uid == account.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def _read_pid(data: Path) -> int | None:
    try:
        first = (data / "postmaster.pid").read_text(encoding="utf-8").splitlines()[0]
        return int(first.strip())
    except (OSError, IndexError, ValueError):
        return None


def _is_our_postmaster(pid: int, data: Path) -> bool:
    """Whether ``pid`` is alive and (where /proc tells) a postgres serving ``data``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        return not Path("/proc/self").exists()  # no /proc at all: trust the pid
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (OSError, IndexError):
        return False
    return state != "Z" and str(data) in cmdline


def _read_from(path: Path, offset: int) -> str:
    try:
        with path.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")
    except OSError:
        return ""


def _tail(text: str) -> str:
    return "\n".join(text.strip().splitlines()[-_LOG_TAIL_LINES:])


def _conf_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _conninfo_quote(value: str) -> str:
    if value and not any(c in value for c in " '\\"):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(x) for x in path.parent.name.split("."))
    except ValueError:
        return (0,)


def _checked_settings(settings: Mapping[str, str] | None) -> dict[str, str]:
    """Extra server settings: names of settings mapped to one-line text values."""
    extra = dict(settings or {})
    if not all(isinstance(k, str) and re.fullmatch(r"[a-z_][a-z0-9_.]*", k)
               and isinstance(v, str) and not any(c in v for c in "\n\r\x00")
               for k, v in extra.items()):
        raise InvalidInput("settings", "server setting names mapped to one-line text", extra)
    return extra
