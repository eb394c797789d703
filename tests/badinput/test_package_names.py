"""OCF file-name rules on the written EPUB (:mod:`bookpress.validate.package`)."""

from bookpress.validate.package import package_problems


def test_good_names_pass():
    assert package_problems(["mimetype", "META-INF/container.xml", "EPUB/images/figures/fig.svg"]) == []


def test_machine_paths_and_escapes_are_refused():
    for bad in ["EPUB/images//home/user/source/fig.svg", "/etc/passwd", "EPUB/../x.svg", "EPUB/./x.svg",
                "EPUB\\\\images\\\\x.svg", "EPUB/im?ge.svg"]:
        assert package_problems(["mimetype", bad]), bad


def test_mimetype_first_and_case_clashes():
    assert package_problems(["META-INF/container.xml", "mimetype"])
    assert package_problems(["mimetype", "EPUB/a.svg", "EPUB/A.svg"])
