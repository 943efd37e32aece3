"""Abbreviations are spelt out on their first use on a page (issue 16): an <abbr> with the full
words, once per page, in the page's language."""
from __future__ import annotations

from app.i18n import expand_abbreviations
from app.models import Role


def test_the_first_use_on_a_page_is_spelt_out_and_later_ones_stay_short(app):
    with app.test_request_context("/"):
        first = expand_abbreviations("Sở KH&CN gửi hồ sơ SHTT")
        again = expand_abbreviations("Sở KH&CN và Cục SHTT")
    assert str(first) == ('Sở <abbr title="khoa học và công nghệ">KH&amp;CN</abbr> gửi hồ sơ '
                          '<abbr title="sở hữu trí tuệ">SHTT</abbr>')
    assert str(again) == "Sở KH&amp;CN và Cục SHTT"
    with app.test_request_context("/"):  # a new page starts again; text is escaped, words are whole
        assert str(expand_abbreviations("<b>SHTTX</b> SHTT")) == (
            '&lt;b&gt;SHTTX&lt;/b&gt; <abbr title="sở hữu trí tuệ">SHTT</abbr>')


def test_every_page_spells_out_its_abbreviations_in_its_language(login_as):
    client, _ = login_as(Role.PRODUCER)
    page = client.get("/").get_data(as_text=True)
    assert page.count('<abbr title="sở hữu trí tuệ">SHTT</abbr>') == 1  # in the app's name, first on the page
    client.post("/language/en", data={"next": "/"})
    english = client.get("/").get_data(as_text=True)
    assert '<abbr title="intellectual property">IP</abbr>' in english and "sở hữu trí tuệ" not in english
