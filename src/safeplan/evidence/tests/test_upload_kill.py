"""Issue 13: kill -9 during an upload left the received part in plain text under var/uploads.

A real server (safeplan serve: gunicorn) receives a large upload; once the encrypted spool holds
more than a megabyte the whole process group is killed with SIGKILL, and every file under var/
and the temporary folder is searched for the uploaded bytes.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

MARKER = b"SYNTHETIC-PLAIN-UPLOAD-"
CLAIMED_BYTES = 16 * 1024 * 1024
SPOOLED_BEFORE_KILL = 1024 * 1024
SERVE = (sys.executable, "-m", "safeplan.cli", "serve", "--host", "127.0.0.1")
DEADLINE_SECONDS = 120  # a bound for a stuck server, not a timing under test

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to find the spool")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(var: Path, tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(SAFEPLAN_MODE="test", SAFEPLAN_VAR_DIR=str(var), TMPDIR=str(tmp), PYTHONDONTWRITEBYTECODE="1")
    return env


def _wait_for_port(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def _request(port: int, raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(raw)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _sign_in_form(port: int) -> tuple[str, str]:
    """Return the session cookie and the CSRF token of the sign-in form (the token lives in the session)."""
    response = _request(port, b"GET /staff/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    head, _, body = response.partition(b"\r\n\r\n")
    cookies = re.findall(rb"Set-Cookie: ([^=]+=[^;]*)", head, re.IGNORECASE)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert cookies, head[:500]
    assert token, head[:500]
    return "; ".join(cookie.decode() for cookie in cookies), html.unescape(token.group(1).decode())


def _spool_sizes(folder: Path, pids: set[int]) -> Iterator[int]:
    """Yield the size of every open file of the server's processes that lies in the upload folder."""
    for pid in pids:
        fd_dir = Path(f"/proc/{pid}/fd")
        try:
            descriptors = list(fd_dir.iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(descriptor).startswith(str(folder)):
                    yield descriptor.stat().st_size
            except OSError:
                continue


def _session_pids(session: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session:
                    found.add(int(entry.name))
            except OSError:
                continue
    return found


def _files_holding(folder: Path, needle: bytes) -> list[Path]:
    holding = []
    for path in folder.rglob("*"):
        if path.is_file() and needle in path.read_bytes():
            holding.append(path)
    return holding


def test_killing_the_server_mid_upload_leaves_no_plain_text_on_disk(tmp_path: Path) -> None:
    var, tmp = tmp_path / "var", tmp_path / "tmp"
    var.mkdir()
    tmp.mkdir()
    env = _environment(var, tmp)
    subprocess.run(
        [sys.executable, "-m", "safeplan.cli", "migrate", "sessions", "-v0"], env=env, check=True, timeout=300
    )
    port = _free_port()
    server = subprocess.Popen(
        [*SERVE, "--port", str(port), "--workers", "1", "--threads", "1"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, server)
        cookie, token = _sign_in_form(port)
        boundary = b"----synthetic-boundary"
        preamble = (
            b"--"
            + boundary
            + b'\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            + token.encode()
            + b"\r\n--"
            + boundary
            + b'\r\nContent-Disposition: form-data; name="file"; filename="diary.txt"\r\n'
            + b"Content-Type: text/plain\r\n\r\n"
        )
        headers = (
            b"POST /staff/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie.encode() + b"\r\n"
            b"Content-Type: multipart/form-data; boundary=" + boundary + b"\r\n"
            b"Content-Length: %d\r\n\r\n" % (len(preamble) + CLAIMED_BYTES)
        )
        line = MARKER + b"x" * (64 - len(MARKER))
        piece = line * 4096  # 256 KB
        uploads = var / "uploads"
        with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
            connection.sendall(headers + preamble)
            sent = 0
            deadline = time.monotonic() + DEADLINE_SECONDS
            while max(_spool_sizes(uploads, _session_pids(server.pid)), default=0) < SPOOLED_BEFORE_KILL:
                assert sent + len(piece) < CLAIMED_BYTES, "the server never spooled the upload"
                assert time.monotonic() < deadline, "the server never spooled the upload"
                connection.sendall(piece)
                sent += len(piece)
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)
    assert sent >= SPOOLED_BEFORE_KILL
    assert _files_holding(var, MARKER) == []
    assert _files_holding(tmp, MARKER) == []
    assert list(uploads.iterdir()) == []
