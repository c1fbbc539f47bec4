"""`tests.visible_codes`: the codes a reader of a page can see, and only those."""

from tests.visible_codes import (
    bare_times,
    codes_in_text,
    known_codes,
    visible_codes,
    visible_text,
)


def test_the_portals_codes_are_known():
    codes = known_codes()
    assert {"recipient_not_listed", "no_release", "case_record", "hard_copy"} <= codes
    assert {"legal_affairs", "agency_legal_director", "approve_redacted"} <= codes
    assert {"DisclosureRequest", "ReleaseAuthorization"} <= codes
    # Words that are also codes would flag every page.
    assert not {"open", "email", "loss", "Client"} & codes


def test_a_code_in_the_text_is_found_with_its_context():
    [found] = visible_codes("<p>Because <b>recipient_not_listed</b> and more.</p>")
    assert found.code == "recipient_not_listed"
    assert "Because recipient_not_listed and more." in found.context


def test_codes_no_reader_sees_are_not_found():
    html = (
        '<p title="no_release">Words</p><code>case_record</code>'
        "<script>var k = 'hard_copy';</script><style>.legal_affairs {}</style>"
        '<input value="no_release"><a href="/?reason=no_release">Filter</a>'
    )
    assert visible_codes(html) == []
    assert visible_text(html) == "Words Filter"


def test_details_are_looked_at_unless_skipped():
    html = "<details><summary>Facts</summary><pre>social_worker</pre></details><p>after</p>"
    assert [c.code for c in visible_codes(html)] == ["social_worker"]
    assert visible_codes(html, skip_details=True) == []
    assert visible_text(html, skip_details=True) == "after"


def test_an_option_of_a_select_is_visible_text():
    html = '<select><option value="no_release">no_release</option></select>'
    assert [c.code for c in visible_codes(html)] == ["no_release"]


def test_text_after_a_void_or_unclosed_element_is_still_read():
    html = "<p>one<br>two <img src=x> <code>x<p>legal_affairs</code> three requester_in_doubt"
    assert [c.code for c in visible_codes(html)] == ["requester_in_doubt"]


def test_plain_text_such_as_a_pdfs_is_searched_too():
    assert [c.code for c in codes_in_text("Media: hard_copy, Email")] == ["hard_copy"]


def test_a_time_without_its_zone_is_found_and_one_with_it_is_not():
    text = "Seen 05:54, at 5:55 AM, at 12:45:33; fine: Dec 1, 2026, 12:33 PM EST and 9:05 AM EDT"
    assert [t.code for t in bare_times(text)] == ["05:54", "5:55", "12:45:33"]
    assert bare_times("Policy 31-8-5, 2026-12-01, page 2 of 3") == []
