"""`{% link %}`: the same URLs as `{% url %}`, kept per script prefix."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from sciatica_pt.clinic.templatetags.clinic_tags import link


def test_link_gives_what_url_gives_with_and_without_arguments(db):
    page = Template("{% link 'my_program' %} {% link 'download_handout' 7 %}").render(Context())
    assert page == f"{reverse('my_program')} {reverse('download_handout', args=[7])}"
    assert link("download_handout", 8) == reverse("download_handout", args=[8])


def test_a_different_script_prefix_gets_its_own_links(db):
    plain = link("my_program")
    set_script_prefix("/clinic-a/")
    try:
        mounted = link("my_program")
    finally:
        set_script_prefix("/")
    assert mounted == "/clinic-a" + plain and link("my_program") == plain


def test_an_unknown_name_fails_as_url_does(db):
    import pytest
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        link("no-such-page")
