"""supervision.testing.browser: finding Chromium, the skip-or-fail decision, the command line,
process clean-up, the PNG decoder, and (with Chromium) what a run returns and may reach."""

from __future__ import annotations

import http.server
import os
import stat
import struct
import tempfile
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from supervision.exceptions import InvalidInput, SupervisionError
from supervision.testing import browser
from supervision.testing.browser import (
    ENV_REQUIRE,
    HOST_RULES,
    BrowserFailed,
    BrowserUnavailable,
    browser_available,
    browser_required,
    chromium_command,
    decode_png,
    dump_dom,
    find_chromium,
    screenshot,
    skip_or_fail,
)

# -- a tiny PNG encoder, to feed the decoder every filter and colour type --------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _filtered(rows: list[bytes], bpp: int, kind: int) -> bytes:
    out = bytearray()
    previous = bytes(len(rows[0]))
    for row in rows:
        line = bytearray()
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 0:
                predictor = 0
            elif kind == 1:
                predictor = a
            elif kind == 2:
                predictor = b
            elif kind == 3:
                predictor = (a + b) >> 1
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line.append((value - predictor) & 0xFF)
        out += bytes([kind]) + line
        previous = row
    return bytes(out)


def _png(rows: list[bytes], width: int, colour_type: int, *, filter_kind: int = 0,
         palette: bytes = b"", interlace: int = 0) -> bytes:
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour_type]
    header = struct.pack(">IIBBBBB", width, len(rows), 8, colour_type, 0, 0, interlace)
    data = zlib.compress(_filtered(rows, bpp, filter_kind))
    chunks = _chunk(b"IHDR", header) + (_chunk(b"PLTE", palette) if palette else b"")
    return b"\x89PNG\r\n\x1a\n" + chunks + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


#: A 4 x 3 RGB picture with varied values, so every predictor matters.
RGB_ROWS = [
    bytes([10, 20, 30, 200, 100, 50, 255, 0, 128, 7, 7, 7]),
    bytes([11, 22, 33, 190, 110, 40, 250, 5, 120, 0, 255, 0]),
    bytes([255, 255, 255, 0, 0, 0, 128, 128, 128, 214, 40, 40]),
]


@pytest.mark.parametrize("filter_kind", [0, 1, 2, 3, 4], ids=["none", "sub", "up", "average",
                                                              "paeth"])
def test_decode_png_undoes_each_filter_type(filter_kind: int) -> None:
    """Each of the five PNG filter types decodes back to the original pixels."""
    image = decode_png(_png(RGB_ROWS, 4, 2, filter_kind=filter_kind))
    assert (4, 3, b"".join(RGB_ROWS)) == (image.width, image.height, image.rgb)


def test_decode_png_composites_alpha_over_white() -> None:
    """An RGBA pixel at half opacity is blended with white; an opaque one is kept."""
    rows = [bytes([0, 0, 0, 255, 0, 0, 0, 0, 200, 0, 0, 128])]
    image = decode_png(_png(rows, 3, 6, filter_kind=4))
    assert [(0, 0, 0), (255, 255, 255), (227, 127, 127)] == [image.pixel(x, 0) for x in range(3)]


def test_decode_png_expands_greyscale_and_palette() -> None:
    """Grey values become equal RGB, palette indexes become their palette colour."""
    grey = decode_png(_png([bytes([0, 90])], 2, 0))
    indexed = decode_png(_png([bytes([1, 0])], 2, 3, palette=bytes([1, 2, 3, 4, 5, 6])))
    assert ([(0, 0, 0), (90, 90, 90)], [(4, 5, 6), (1, 2, 3)]) == (
        [grey.pixel(x, 0) for x in range(2)], [indexed.pixel(x, 0) for x in range(2)]
    )


def test_decode_png_refuses_a_corrupted_chunk() -> None:
    """A flipped byte inside a chunk fails its CRC check."""
    data = bytearray(_png(RGB_ROWS, 4, 2))
    data[20] ^= 0xFF  # inside IHDR
    with pytest.raises(InvalidInput) as caught:
        decode_png(bytes(data))
    assert "png" == caught.value.field


def test_decode_png_refuses_an_interlaced_image() -> None:
    """Adam7 interlacing is not supported, and says so."""
    with pytest.raises(InvalidInput):
        decode_png(_png(RGB_ROWS, 4, 2, interlace=1))


def test_decode_png_refuses_what_is_not_a_png() -> None:
    """Data without the PNG signature is refused."""
    with pytest.raises(InvalidInput):
        decode_png(b"GIF89a....")


def test_decode_png_refuses_a_path_instead_of_bytes() -> None:
    """A file name is not PNG data: InvalidInput, not a TypeError."""
    with pytest.raises(InvalidInput) as caught:
        decode_png("shot.png")  # type: ignore[arg-type]
    assert "str" == caught.value.got


def test_image_background_and_share_count_pixels() -> None:
    """Background is the most frequent colour; share_not counts the others."""
    rows = [bytes([255, 255, 255] * 3), bytes([255, 255, 255, 255, 255, 255, 214, 40, 40])]
    image = decode_png(_png(rows, 3, 2))
    assert ((255, 255, 255), pytest.approx(1 / 6), 1) == (
        image.background(), image.share_not((255, 255, 255)), image.count_near((210, 44, 40), 5)
    )


# -- finding the browser and deciding to skip or fail ----------------------------------------


def test_browser_required_reads_one_as_required() -> None:
    """SUPERVISION_REQUIRE_BROWSER=1 means a missing browser fails the tests."""
    assert (True, False, False) == (
        browser_required({ENV_REQUIRE: "1"}), browser_required({ENV_REQUIRE: "0"}),
        browser_required({}),
    )


def test_browser_required_refuses_a_typo() -> None:
    """A value that is neither yes nor no is refused, so a typo cannot quietly skip."""
    with pytest.raises(InvalidInput) as caught:
        browser_required({ENV_REQUIRE: "yess"})
    assert ENV_REQUIRE == caught.value.field


def test_skip_or_fail_skips_when_not_required() -> None:
    """Without the requirement the test is skipped, with the reason."""
    with pytest.raises(pytest.skip.Exception, match="no chromium here"):
        skip_or_fail("no chromium here", {})


def test_skip_or_fail_fails_when_required() -> None:
    """Under SUPERVISION_REQUIRE_BROWSER=1 the test fails instead."""
    with pytest.raises(pytest.fail.Exception, match="required"):
        skip_or_fail("no chromium here", {ENV_REQUIRE: "1"})


def test_find_chromium_raises_the_library_error_when_absent(tmp_path: Path) -> None:
    """A browser that is not there is BrowserUnavailable, a SupervisionError naming the fix."""
    with pytest.raises(BrowserUnavailable) as caught:
        find_chromium(tmp_path / "no-such-chromium")
    assert (True, True) == (
        isinstance(caught.value, SupervisionError), "apt-get install chromium" in str(caught.value)
    )


def test_browser_available_says_why_not(tmp_path: Path) -> None:
    """browser_available reports False and the reason, starting nothing."""
    available, reason = browser_available(tmp_path / "no-such-chromium")
    assert (False, True) == (available, "no Chromium found" in reason)


def test_chromium_command_runs_headless_without_network(tmp_path: Path) -> None:
    """The command line has the headless, no-sandbox, no-network flags and the fresh profile."""
    command = chromium_command("/usr/bin/chromium", tmp_path, "--dump-dom", "file:///x.html")
    wanted = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--host-resolver-rules={HOST_RULES}", "--no-proxy-server", f"--user-data-dir={tmp_path}",
    ]
    assert ([], ["--dump-dom", "file:///x.html"]) == (
        [flag for flag in wanted if flag not in command], command[-2:]
    )


def test_dump_dom_refuses_a_missing_file(tmp_path: Path) -> None:
    """Only an existing local file is loaded."""
    with pytest.raises(InvalidInput) as caught:
        dump_dom(tmp_path / "absent.html")
    assert "path" == caught.value.field


def test_screenshot_refuses_a_zero_width(tmp_path: Path) -> None:
    """The window size is checked before anything runs."""
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        screenshot(page, tmp_path / "p.png", 0, 100)
    assert "width" == caught.value.field


# -- running a stand-in browser: arguments, failures, clean-up --------------------------------


def _fake_browser(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-chromium"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary files (the browser profiles) go to a directory of this test's own."""
    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def test_dump_dom_returns_what_the_browser_prints(tmp_path: Path, private_tmp: Path) -> None:
    """dump_dom passes --dump-dom and the file URL, and returns the browser's output."""
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    fake = _fake_browser(tmp_path, 'for a in "$@"; do echo "$a"; done')
    printed = dump_dom(page, executable=fake).splitlines()
    assert ["--dump-dom", page.resolve().as_uri()] == printed[-2:]


def test_each_run_gets_a_fresh_profile_removed_afterwards(
    tmp_path: Path, private_tmp: Path
) -> None:
    """The --user-data-dir exists while the browser runs and is gone after it."""
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    fake = _fake_browser(
        tmp_path,
        'for a in "$@"; do case "$a" in --user-data-dir=*) d="${a#--user-data-dir=}";; esac; '
        'done; test -d "$d" && echo "$d"',
    )
    profile = Path(dump_dom(page, executable=fake).strip())
    assert (private_tmp, False) == (profile.parent, profile.exists())


def test_a_failing_browser_raises_with_its_log_tail(tmp_path: Path, private_tmp: Path) -> None:
    """A non-zero exit is BrowserFailed carrying the end of standard error."""
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    fake = _fake_browser(tmp_path, "echo 'cannot open display' >&2; exit 3")
    with pytest.raises(BrowserFailed) as caught:
        dump_dom(page, executable=fake)
    assert ("dump-dom", "cannot open display") == (caught.value.action, caught.value.log_tail)


def test_a_hung_browser_is_killed_with_its_children(tmp_path: Path, private_tmp: Path) -> None:
    """On a timeout the whole process group goes, including a helper the browser started."""
    page = tmp_path / "p.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    pid_file = tmp_path / "helper.pid"
    fake = _fake_browser(tmp_path, f"sleep 300 & echo $! > {pid_file}; wait")
    with pytest.raises(BrowserFailed, match="no result after"):
        dump_dom(page, executable=fake, timeout=1.0)
    helper = int(pid_file.read_text().strip())
    assert False is _alive(helper)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    return not state.exists() or state.read_text().rsplit(")", 1)[1].split()[0] != "Z"


# -- the real browser ------------------------------------------------------------------------


def test_dump_dom_shows_the_dom_after_scripts_ran(chromium: Path, tmp_path: Path) -> None:
    """A script that adds an element has run by the time the DOM is dumped."""
    page = tmp_path / "script.html"
    page.write_text(
        "<!DOCTYPE html><html><body><script>const p = document.createElement('p');"
        "p.id = 'added'; p.textContent = '已执行'; document.body.append(p);</script>"
        "</body></html>",
        encoding="utf-8",
    )
    assert '<p id="added">已执行</p>' in dump_dom(page, executable=chromium)


def test_screenshot_has_the_window_size(chromium: Path, tmp_path: Path) -> None:
    """The PNG is as wide and tall as the window asked for, and shows the red block."""
    page = tmp_path / "red.html"
    page.write_text(
        '<!DOCTYPE html><body style="margin:0"><div style="width:100px;height:50px;'
        'background:#d62828"></div></body>',
        encoding="utf-8",
    )
    image = decode_png(screenshot(page, tmp_path / "red.png", 320, 200,
                                  executable=chromium).read_bytes())
    assert (320, 200, True) == (
        image.width, image.height, image.count_near((0xD6, 0x28, 0x28), 4) >= 4000
    )


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def servers() -> Iterator[tuple[int, int, list[str]]]:
    """Two recording HTTP servers: on 127.0.0.1 (loopback as the harness allows it) and on
    127.0.0.2 (another address, which the harness must not reach); their ports and requests."""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    running = []
    for host in ("127.0.0.1", "127.0.0.2"):
        server = http.server.ThreadingHTTPServer((host, 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
    try:
        yield running[0].server_address[1], running[1].server_address[1], seen
    finally:
        for server in running:
            server.shutdown()
            server.server_close()


def test_browser_reaches_loopback_but_no_other_address(
    chromium: Path, tmp_path: Path, servers: tuple[int, int, list[str]]
) -> None:
    """Requests to 127.0.0.1 and localhost arrive; one to 127.0.0.2 (not on the allow list,
    though it would route) never leaves the browser."""
    loopback, other, seen = servers
    page = tmp_path / "net.html"
    page.write_text(
        f'<!DOCTYPE html><body><img src="http://127.0.0.1:{loopback}/loopback.png">'
        f'<img src="http://localhost:{loopback}/localhost.png">'
        f'<img src="http://127.0.0.2:{other}/other.png"></body>',
        encoding="utf-8",
    )
    dump_dom(page, executable=chromium)
    assert ["/localhost.png", "/loopback.png"] == sorted(seen)


def test_module_lists_its_public_names() -> None:
    """Every name in __all__ exists, once."""
    assert (len(set(browser.__all__)), True) == (
        len(browser.__all__), all(hasattr(browser, n) for n in browser.__all__)
    )
