"""A real browser for tests: headless Chromium on local files (测试用无头浏览器).

:func:`dump_dom` loads a local HTML file and returns the DOM as Chromium serialises it after
the page (and any script) ran (``--dump-dom``); :func:`screenshot` saves a PNG of the page at a
given window size; :func:`decode_png` reads that PNG back (zlib and struct only) so a test can
check it is not blank (:class:`Image`).

* The browser is found as ``chromium``, ``chromium-browser`` or ``google-chrome`` on ``PATH``
  (:func:`find_chromium`); Debian's package is ``chromium`` (``apt-get install chromium``).
* Each run gets a fresh temporary profile (``--user-data-dir``), removed afterwards, and runs
  headless with the sandbox off (needed as root in containers), no GPU, no QUIC, no first-run
  page, no background networking, component updates or sync, no proxy, and host resolver
  rules (:data:`HOST_RULES`) under which nothing resolves but ``localhost``, ``127.0.0.1`` and
  ``[::1]`` (an address literal included): only ``file://`` and loopback URLs can load.
* Each run is its own process group, killed as a whole on a timeout.

For pytest, :func:`chromium_fixture` makes a session fixture returning the executable; tests
using it skip when there is no browser, unless ``SUPERVISION_REQUIRE_BROWSER=1`` turns the skip
into a failure (:func:`browser_required`, :func:`skip_or_fail`), as ``.ci/run`` does.

Imports pytest only inside the functions that need it; nothing beyond the standard library and
the core dependencies otherwise.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import struct
import subprocess
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn

import attrs

from supervision._logs import logger
from supervision.exceptions import InvalidInput, SupervisionError

__all__ = [
    "CANDIDATES",
    "ENV_REQUIRE",
    "FLAGS",
    "HOST_RULES",
    "BrowserFailed",
    "BrowserUnavailable",
    "Image",
    "browser_available",
    "browser_required",
    "chromium_command",
    "chromium_fixture",
    "decode_png",
    "dump_dom",
    "find_chromium",
    "screenshot",
    "skip_or_fail",
]

_log = logger("supervision.testing.browser")

ENV_REQUIRE: Final = "SUPERVISION_REQUIRE_BROWSER"
"""Environment variable: ``1`` makes a missing browser fail the tests, not skip them."""

CANDIDATES: Final = ("chromium", "chromium-browser", "google-chrome")
"""The executable names looked up on ``PATH``, in this order."""

#: Chromium's host resolver rules for every run: every host name and address fails to resolve
#: except the loopback ones, so only ``file://`` pages and loopback servers can be reached.
HOST_RULES: Final = "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]"

#: The flags of every run (besides ``--user-data-dir`` and the action).
FLAGS: Final = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--no-proxy-server",
    f"--host-resolver-rules={HOST_RULES}",
    "--mute-audio",
    "--hide-scrollbars",
)

_TRUE: Final = frozenset({"1", "true", "yes", "on"})
_FALSE: Final = frozenset({"", "0", "false", "no", "off"})
_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_TAIL_LINES: Final = 15


class BrowserUnavailable(SupervisionError):
    """Raised when no Chromium can be found (``chromium``, ``chromium-browser``,
    ``google-chrome`` on ``PATH``, or the executable passed)."""

    def __init__(self, message: str) -> None:
        super().__init__(
            message + " (install it: apt-get install chromium)", hint="apt-get install chromium"
        )


class BrowserFailed(SupervisionError):
    """Raised when a Chromium run fails: it exits non-zero, times out or writes nothing.

    ``action`` is ``dump-dom`` or ``screenshot``; ``log_tail`` holds the last lines of its
    standard error."""

    action: str
    log_tail: str

    def __init__(self, action: str, message: str, *, log_tail: str = "") -> None:
        text = f"chromium {action}: {message}"
        if log_tail:
            text += "\n" + log_tail
        super().__init__(text, action=action, log_tail=log_tail)


# -- finding the browser and the skip-or-fail decision ------------------------------------


def find_chromium(executable: str | os.PathLike[str] | None = None) -> Path:
    """The browser to run: ``executable`` if given (a path or a name on ``PATH``), else the
    first of :data:`CANDIDATES` on ``PATH``. Raises :class:`BrowserUnavailable`."""
    names = (os.fspath(executable),) if executable is not None else CANDIDATES
    for name in names:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    raise BrowserUnavailable(f"no Chromium found on PATH (looked for {', '.join(names)})")


def browser_available(executable: str | os.PathLike[str] | None = None) -> tuple[bool, str]:
    """Whether a browser can be run, and why (or why not); starts nothing."""
    try:
        found = find_chromium(executable)
    except BrowserUnavailable as error:
        return False, error.message
    return True, f"Chromium at {found}"


def browser_required(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a missing browser must fail the tests (``SUPERVISION_REQUIRE_BROWSER``).

    ``1``/``true``/``yes``/``on`` mean required; unset, empty, ``0``/``false``/``no``/``off``
    mean not (the tests skip). Any other value is refused, so a typo cannot silently skip.
    """
    env = os.environ if environ is None else environ
    value = env.get(ENV_REQUIRE, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise InvalidInput(
        ENV_REQUIRE,
        "1 (a browser is required: its absence fails the tests) or 0/unset (absence skips them)",
        env.get(ENV_REQUIRE),
    )


def skip_or_fail(reason: str, environ: Mapping[str, str] | None = None) -> NoReturn:
    """Skip the current test because there is no browser, or fail it when one is required."""
    import pytest

    if browser_required(environ):
        pytest.fail(
            f"a browser is required ({ENV_REQUIRE}=1) but unavailable: {reason}", pytrace=False
        )
    pytest.skip(f"browser unavailable: {reason} (set {ENV_REQUIRE}=1 to fail instead)")


def chromium_fixture(*, name: str = "chromium") -> Any:
    """A session fixture returning the browser's :class:`~pathlib.Path`; bind it at module
    level in a ``conftest.py`` (``chromium = chromium_fixture()``). Without a browser, every
    test using it skips, or fails under ``SUPERVISION_REQUIRE_BROWSER=1``."""
    import pytest

    @pytest.fixture(scope="session", name=name)
    def fixture() -> Path:
        try:
            return find_chromium()
        except BrowserUnavailable as error:
            skip_or_fail(error.message)

    return fixture


# -- running it ----------------------------------------------------------------------------


def chromium_command(
    executable: str | os.PathLike[str], user_data_dir: str | os.PathLike[str], *action: str
) -> list[str]:
    """The full command line: the executable, :data:`FLAGS`, the profile and ``action``
    (e.g. ``--dump-dom``, ``file:///…``)."""
    return [os.fspath(executable), *FLAGS, f"--user-data-dir={os.fspath(user_data_dir)}",
            *action]


def _file_url(path: str | os.PathLike[str], field: str) -> str:
    if not isinstance(path, str | os.PathLike):
        raise InvalidInput(field, "a path to a local HTML file", path)
    page = Path(path).resolve()
    if not page.is_file():
        raise InvalidInput(field, "an existing local file", str(page))
    return page.as_uri()


@contextlib.contextmanager
def _profile() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="supervision-chromium-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
        if directory.exists():  # a straggling child wrote late: one more try
            shutil.rmtree(directory, ignore_errors=True)
        if directory.exists():
            _log.warning("could not remove the browser profile %s", directory)


def _run(action: str, command: Sequence[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    _log.debug("running %s", command)
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        raise BrowserFailed(action, f"no result after {timeout:g} s", log_tail=_tail(err)) from None
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # helpers left behind by the browser
    result = subprocess.CompletedProcess(command, process.returncode, out, err)
    if result.returncode != 0:
        raise BrowserFailed(action, f"exited with {result.returncode}", log_tail=_tail(err))
    return result


def _tail(data: bytes) -> str:
    lines = data.decode("utf-8", errors="replace").strip().splitlines()
    wanted = [line for line in lines if "dbus" not in line]  # containers have no D-Bus
    return "\n".join(wanted[-_TAIL_LINES:])


def dump_dom(
    path: str | os.PathLike[str],
    *,
    executable: str | os.PathLike[str] | None = None,
    timeout: float = 60.0,
) -> str:
    """Load the local file ``path`` and return its DOM serialised after it loaded and its
    scripts ran (Chromium's ``--dump-dom``), as text."""
    url = _file_url(path, "path")
    browser = find_chromium(executable)
    with _profile() as profile:
        result = _run("dump-dom", chromium_command(browser, profile, "--dump-dom", url), timeout)
    if not result.stdout.strip():
        raise BrowserFailed("dump-dom", "printed no DOM", log_tail=_tail(result.stderr))
    return result.stdout.decode("utf-8", errors="replace")


def screenshot(
    path: str | os.PathLike[str],
    png_path: str | os.PathLike[str],
    width: int = 1280,
    height: int = 1024,
    *,
    executable: str | os.PathLike[str] | None = None,
    timeout: float = 60.0,
) -> Path:
    """Load the local file ``path`` in a ``width`` × ``height`` window and save the visible
    part as a PNG at ``png_path`` (replaced); returns that path."""
    url = _file_url(path, "path")
    for field, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or isinstance(value, bool) or not 16 <= value <= 8000:
            raise InvalidInput(field, "a whole number of pixels from 16 to 8000", value)
    if not isinstance(png_path, str | os.PathLike):
        raise InvalidInput("png_path", "a path for the PNG file", png_path)
    target = Path(png_path).resolve()
    target.unlink(missing_ok=True)
    browser = find_chromium(executable)
    action = (f"--screenshot={target}", f"--window-size={width},{height}", url)
    with _profile() as profile:
        result = _run("screenshot", chromium_command(browser, profile, *action), timeout)
    if not target.is_file() or not target.read_bytes().startswith(_PNG_SIGNATURE):
        raise BrowserFailed("screenshot", f"wrote no PNG at {target}",
                            log_tail=_tail(result.stderr))
    return target


# -- reading the PNG back ------------------------------------------------------------------


@attrs.frozen
class Image:
    """A decoded image: ``width`` × ``height`` pixels, ``rgb`` the rows top to bottom as
    ``R, G, B`` bytes (alpha, if any, composited over white)."""

    width: int
    height: int
    rgb: bytes = attrs.field(repr=False)

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        """The colour at column ``x``, row ``y`` (0-based, from the top left)."""
        if not (0 <= x < self.width and 0 <= y < self.height):
            raise InvalidInput("pixel", f"x < {self.width} and y < {self.height}", (x, y))
        at = (y * self.width + x) * 3
        r, g, b = self.rgb[at : at + 3]
        return r, g, b

    def colours(self) -> Counter[tuple[int, int, int]]:
        """How many pixels have each colour."""
        data = self.rgb
        return Counter(zip(data[0::3], data[1::3], data[2::3], strict=True))

    def background(self) -> tuple[int, int, int]:
        """The most frequent colour (what a blank page is made of)."""
        return self.colours().most_common(1)[0][0]

    def share_not(self, colour: tuple[int, int, int]) -> float:
        """The fraction of pixels of any other colour than ``colour``."""
        total = self.width * self.height
        return (total - self.colours()[colour]) / total if total else 0.0

    def count_near(self, colour: tuple[int, int, int], tolerance: int = 8) -> int:
        """How many pixels are within ``tolerance`` of ``colour`` in each channel."""
        r0, g0, b0 = colour
        return sum(
            n
            for (r, g, b), n in self.colours().items()
            if abs(r - r0) <= tolerance and abs(g - g0) <= tolerance and abs(b - b0) <= tolerance
        )


def decode_png(data: bytes) -> Image:
    """Decode a non-interlaced 8-bit PNG (greyscale, RGB, palette, with or without alpha) —
    what Chromium writes — into an :class:`Image`. Checks the signature and every chunk's
    CRC; raises :class:`~supervision.exceptions.InvalidInput` for anything else."""
    if not isinstance(data, bytes | bytearray):
        raise InvalidInput("png", "PNG data as bytes", type(data).__name__)
    if not data.startswith(_PNG_SIGNATURE):
        raise InvalidInput("png", "PNG data (starting with the PNG signature)", bytes(data[:8]))
    header: tuple[int, ...] = ()
    palette = b""
    compressed = bytearray()
    position = len(_PNG_SIGNATURE)
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = bytes(data[position + 4 : position + 8])
        body = bytes(data[position + 8 : position + 8 + length])
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        if zlib.crc32(kind + body) != crc:
            raise InvalidInput("png", f"a valid CRC for the {kind!r} chunk", crc)
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = body
        elif kind == b"IDAT":
            compressed += body
        elif kind == b"IEND":
            break
    if not header:
        raise InvalidInput("png", "an IHDR chunk", None)
    width, height, depth, colour_type, _method, _filter, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour_type)
    if depth != 8 or channels is None or interlace != 0:
        raise InvalidInput(
            "png",
            "8 bits per sample, colour type 0/2/3/4/6, not interlaced",
            {"depth": depth, "colour_type": colour_type, "interlace": interlace},
        )
    raw = _unfilter(zlib.decompress(bytes(compressed)), width, height, channels)
    return Image(width, height, _to_rgb(raw, colour_type, palette))


def _unfilter(raw: bytes, width: int, height: int, bpp: int) -> bytes:
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise InvalidInput("png", f"{height * (stride + 1)} bytes of image data", len(raw))
    out = bytearray()
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:  # Up
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:  # Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + predictor) & 0xFF
        elif kind != 0:
            raise InvalidInput("png", "filter type 0 to 4", kind)
        out += line
        previous = line
    return bytes(out)


def _to_rgb(raw: bytes, colour_type: int, palette: bytes) -> bytes:
    if colour_type == 2:
        return raw
    if colour_type == 0:
        return bytes(v for v in raw for _ in range(3))
    if colour_type == 3:
        if not palette:
            raise InvalidInput("png", "a PLTE chunk for a palette image", None)
        return b"".join(palette[i * 3 : i * 3 + 3] for i in raw)
    step = 2 if colour_type == 4 else 4
    out = bytearray()
    for at in range(0, len(raw), step):
        alpha = raw[at + step - 1]
        values = (raw[at],) * 3 if step == 2 else raw[at : at + 3]
        out += bytes((v * alpha + 255 * (255 - alpha) + 127) // 255 for v in values)
    return bytes(out)
