"""The suite's own rules (tests/conftest.py), run on a small inner suite: a WeasyPrint warning fails exactly the test
that logged it — in process, in a subprocess, or in a session fixture's setup — and a skip fails unless it is listed
with its reason in tests/allowed_skips.toml."""

from __future__ import annotations

import shutil

from tests.conftest import TESTS

INNER = '''
import logging, subprocess, sys
import pytest

@pytest.fixture(scope="session")
def shared_build():
    logging.getLogger("weasyprint").warning("deliberate warning in a session fixture")
    return 1

def test_a_logs_in_process():
    logging.getLogger("weasyprint").warning("deliberate in-process warning")

def test_b_after_it_is_clean():
    pass

def test_c_logs_in_a_subprocess():
    code = "import logging; logging.getLogger('weasyprint').warning('deliberate subprocess warning')"
    subprocess.run([sys.executable, "-c", code], check=True)

def test_c2_logs_in_a_subprocess_with_its_own_path():
    import os
    code = "import logging; logging.getLogger('weasyprint').warning('deliberate PATH-less warning')"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PATH": "/nonexistent"})

@pytest.mark.weasyprint_warning("deliberate expected")
def test_d_expects_its_warning():
    logging.getLogger("weasyprint").warning("deliberate expected warning")

def test_e_first_user_of_the_session_fixture(shared_build):
    pass

def test_f_second_user_of_the_session_fixture(shared_build):
    pass

def test_g_unlisted_skip():
    pytest.skip("no reason listed")

def test_h_listed_skip():
    pytest.skip("listed")

@pytest.mark.xfail(reason="quietly expected to fail")
def test_i_xfail():
    assert False
'''


def test_warnings_fail_only_their_test_and_skips_must_be_listed(pytester):
    shutil.copy(TESTS / "conftest.py", pytester.path / "conftest.py")
    shutil.copytree(TESTS / "support", pytester.path / "support")
    (pytester.path / "allowed_skips.toml").write_text(
        '[[skip]]\ntest = "test_inner.py::test_h_listed_skip"\nreason = "listed for this test"\n', encoding="utf-8")
    pytester.makepyfile(test_inner=INNER)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    outcomes = {line.split(" ", 1)[1].split(" ", 1)[0].split("::")[-1]: line.split(" ", 1)[0]
                for line in result.outlines if line.startswith(("PASSED ", "FAILED ", "ERROR "))}
    assert outcomes == {
        "test_a_logs_in_process": "FAILED", "test_b_after_it_is_clean": "PASSED",
        "test_c_logs_in_a_subprocess": "FAILED", "test_c2_logs_in_a_subprocess_with_its_own_path": "FAILED",
        "test_d_expects_its_warning": "PASSED",
        "test_e_first_user_of_the_session_fixture": "ERROR", "test_f_second_user_of_the_session_fixture": "PASSED",
        "test_g_unlisted_skip": "FAILED", "test_i_xfail": "FAILED",
    }, result.stdout.str()
    assert result.parseoutcomes() == {"failed": 5, "passed": 3, "skipped": 1, "errors": 1}
    output = result.stdout.str()
    assert "deliberate in-process warning" in output and "deliberate subprocess warning" in output
    assert "deliberate PATH-less warning" in output  # a test that replaces PATH (missing Java …) keeps the hook
    assert "during setup of test_inner.py::test_e_first_user_of_the_session_fixture" in output
    assert "not listed in tests/allowed_skips.toml" in output
