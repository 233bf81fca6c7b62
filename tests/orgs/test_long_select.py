"""LongSelect renders the same <select> as Django's Select (it only skips the per-option templates)."""

from __future__ import annotations

import re

from django import forms

from orgs.widgets import LongSelect

CHOICES = [("", "全部"), (1, "萧江镇"), (2, "水头镇"), (3, "<b>&镇</b>")]


def _options(html: str) -> list[tuple[str, bool, str]]:
    return [
        (v, bool(s), label) for v, s, label in re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', html)
    ]


def test_long_select_renders_the_options_values_and_selection_of_a_select():
    attrs = {"class": "form-select", "id": "id_township"}
    plain = forms.Select(choices=CHOICES).render("township", 2, attrs)
    long_ = LongSelect(choices=CHOICES).render("township", 2, attrs)

    assert _options(long_) == _options(plain)
    assert _options(long_)[2] == ("2", True, "水头镇")
    assert "&lt;b&gt;&amp;镇&lt;/b&gt;" in long_ and "<b>" not in long_
    assert long_.startswith('<select name="township" class="form-select" id="id_township">')


def test_a_form_field_with_long_select_shows_the_submitted_township():
    class Filter(forms.Form):
        township = forms.TypedChoiceField(choices=CHOICES, coerce=int, required=False, widget=LongSelect)

    html = str(Filter({"township": "1"})["township"])

    assert ("1", True, "萧江镇") in _options(html)
    assert [o for o in _options(html) if o[1]] == [("1", True, "萧江镇")]
