"""The throwaway server's watchdog: the server is stopped and its directory removed when the
process that started it dies without cleaning up (SIGKILL, SIGTERM, a CI job's timeout).

``pg_ctl start`` detaches the postmaster into a session of its own, so killing the test process
or its process group leaves the server running and its temporary directory on disk. Right after
the directory is made, :func:`watch` starts a small separate program (the running Python, no
imports of this library, in a session of its own) that blocks reading a pipe only this process
holds the writing end of. :meth:`Watchdog.release` (the normal clean-up, which stops the server
itself) writes one byte and the watchdog exits doing nothing; when this process dies, the kernel
closes the pipe and the watchdog reads end-of-file: it stops the server serving the directory
(``pg_ctl stop -m immediate``, as the same OS user the server runs as), kills the postmaster if
it survives, and removes the directory.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

__all__ = ["Watchdog", "watch"]

_RELEASE = b"r"

# Run as ``python -c``: argv[1] is JSON {"stop": [...], "data": ..., "directory": ...}.
_PROGRAM = r"""
import json, os, shutil, signal, subprocess, sys, time
spec = json.loads(sys.argv[1])
try:
    got = os.read(0, 1)
except OSError:
    got = b""
if got:
    sys.exit(0)
data, directory = spec["data"], spec["directory"]

def pid():
    try:
        with open(os.path.join(data, "postmaster.pid"), encoding="utf-8") as f:
            return int(f.readline().strip())
    except (OSError, ValueError):
        return None

def ours(p):
    try:
        with open(f"/proc/{p}/cmdline", "rb") as f:
            return data.encode() in f.read()
    except OSError:
        return False

p = pid()
if p is not None and ours(p):
    try:
        subprocess.run(spec["stop"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=40, check=False)
    except (OSError, subprocess.TimeoutExpired):
        pass
    if ours(p):
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass
    deadline = time.monotonic() + 10
    while ours(p) and time.monotonic() < deadline:
        time.sleep(0.05)
shutil.rmtree(directory, ignore_errors=True)
"""


class Watchdog:
    """A running watchdog (see the module's text); :meth:`release` once cleaned up."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    @property
    def pid(self) -> int:
        return self._process.pid

    def release(self) -> None:
        """The server was stopped and the directory removed here: the watchdog exits."""
        stream = self._process.stdin
        if stream is not None and not stream.closed:
            try:
                stream.write(_RELEASE)
                stream.close()
            except OSError:  # the watchdog is gone already
                pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


def watch(stop: list[str], data: Path, directory: Path) -> Watchdog:
    """Start the watchdog of ``directory`` (the server's data directory ``data`` inside it;
    ``stop`` the command that stops it, already run as the server's OS user)."""
    spec = json.dumps({"stop": stop, "data": str(data), "directory": str(directory)})
    process = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", _PROGRAM, spec],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd="/",
        start_new_session=True,
    )
    return Watchdog(process)
