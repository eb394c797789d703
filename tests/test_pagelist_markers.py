"""place_markers: a page-break marker lands before the n-th word of a block's own text, wherever that word sits
(in the block's text, inside inline markup, in a tail), never inside nested blocks; markers at one spot keep
page order."""

from __future__ import annotations

from lxml import etree

from bookpress.pagelist import PageStart, place_markers

X = "http://www.w3.org/1999/xhtml"


def _section(body: str):
    return etree.fromstring(f'<section xmlns="{X}" id="p">{body}</section>')


def _mark(label):
    span = etree.Element(f"{{{X}}}span")
    span.set("id", f"page-{label}")
    return span


def _out(section) -> str:
    text = etree.tostring(section, encoding="unicode")
    return text.replace(f' xmlns="{X}"', "").replace('<section id="p">', "").replace("</section>", "")


def test_marker_before_a_word_in_text_inline_and_tail():
    section = _section("<p>Een <em>twee drie</em> vier\u00ad vijf</p><ul><li>zes <p>zeven</p> acht</li></ul>")
    place_markers(section, [PageStart(1, "p", 0, 0, "1"), PageStart(2, "p", 0, 2, "2"),
                            PageStart(3, "p", 0, 3, "3"), PageStart(4, "p", 1, 1, "4"),
                            PageStart(5, "p", 2, 0, "5")], _mark)
    assert _out(section) == (
        '<p><span id="page-1"/>Een <em>twee <span id="page-2"/>drie</em> <span id="page-3"/>vier\u00ad vijf</p>'
        '<ul><li>zes <p><span id="page-5"/>zeven</p> <span id="page-4"/>acht</li></ul>')


def test_markers_at_one_spot_keep_page_order_and_end_of_block():
    section = _section("<p>Een twee</p>")
    place_markers(section, [PageStart(11, "p", 0, 1, "11"), PageStart(12, "p", 0, 1, "12"),
                            PageStart(13, "p", 0, 2, "13")], _mark)
    assert _out(section) == '<p>Een <span id="page-11"/><span id="page-12"/>twee<span id="page-13"/></p>'


def test_labels_follow_the_print_edition():
    from bookpress.pagelist import PageCollector, page_label

    assert [page_label(i, 4) for i in (0, 3, 4, 5)] == ["i", "iv", "1", "2"]
    assert [page_label(i, None) for i in (0, 9)] == ["1", "10"]
    assert page_label(13, 0) == "14"
    collector = PageCollector(["a", "b"])
    collector.pages = {0: None, 1: PageStart(1, "a", 0, 0), 2: None, 3: PageStart(3, "b", 2, 1)}
    collector.end = ("b", 5, 7)
    got = [(s.index, s.label, s.part_id, s.block, s.word) for s in collector.starts(3, 6)]
    assert got == [(1, "ii", "a", 0, 0), (2, "iii", "b", 2, 1), (3, "1", "b", 2, 1), (4, "2", "b", 5, 7),
                   (5, "3", "b", 5, 7)]
