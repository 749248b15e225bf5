"""The program editor's picker (issue 20): search by name and aliases, filters by class,
position, equipment and evidence grade, drawings, and an add form per result; all from the
query string, so it works without JavaScript."""

from __future__ import annotations

import re

from sciatica_pt import knowledge
from sciatica_pt.clinic import picker
from sciatica_pt.clinic.models import ProgramItem
from sciatica_pt.clinic.services import programs


def _page(world, **query):
    url = f"/patients/{world.patient_a.pk}/program/"
    return world.client("therapist").get(url, query)


def _found(html: str) -> list[str]:
    return re.findall(r'<li class="pick" id="pick-([a-z0-9-]+)">', html)


def test_an_alias_finds_the_item():
    superman = next(i for i in knowledge.load().items if "superman" in i.aliases)
    found = picker.pick({"q": "Superman"})
    assert superman.id in [e.item.id for e in found.entries]
    assert all(
        "superman" in " ".join((e.item.name, *e.item.aliases)).lower() for e in found.entries
    )


def test_every_word_of_a_search_must_match():
    assert picker.pick({"q": "walking zebra"}).total == 0
    assert picker.pick({"q": "walking"}).total >= 1


def test_each_filter_narrows_to_items_that_have_it():
    everything = picker.pick({}).total
    assert everything == len(knowledge.load().items)
    prone = picker.pick({"position": "prone"})
    assert 0 < prone.total < everything
    assert all(e.position == "prone" and e.drawing for e in prone.entries)
    mats = picker.pick({"equipment": "mat"})
    assert mats.total and all("mat" in e.equipment for e in mats.entries)
    refused = picker.pick({"grade": "not_recommended"})
    assert refused.total and all(
        e.item.evidence.grade == "not_recommended" for e in refused.entries
    )
    both = picker.pick({"position": "prone", "grade": "recommended"})
    assert both.total <= prone.total
    assert all(e.item.evidence.grade == "recommended" for e in both.entries)


def test_results_are_capped_and_the_count_says_how_many_more():
    result = picker.pick({})
    assert len(result.entries) == picker.PAGE and result.more == result.total - picker.PAGE


def test_the_page_shows_drawings_human_names_and_an_add_form_per_result(world):
    html = _page(world, position="prone").content.decode()
    ids = _found(html)
    assert ids and "<svg" in html
    assert "Lying face down" in html  # the position's name, not its code
    assert 'name="position"' in html and '<option value="prone" selected>' in html
    for item_id in ids:
        assert f'name="item_id" value="{item_id}"' in html


def test_the_search_works_without_javascript_and_adding_still_needs_its_reason(world):
    not_recommended = picker.pick({"grade": "not_recommended"}).entries[0].item
    html = _page(world, q=not_recommended.name).content.decode()
    assert not_recommended.id in _found(html)
    program = programs.current_program(world.patient_a)
    client = world.client("therapist")
    post = {"version": program.version, "action": "add", "item_id": not_recommended.id}
    client.post(f"/patients/{world.patient_a.pk}/program/change/", {**post, "reason": ""})
    assert not ProgramItem.objects.filter(program=program, item_id=not_recommended.id).exists()
    client.post(
        f"/patients/{world.patient_a.pk}/program/change/", {**post, "reason": "Asked for it"}
    )
    assert ProgramItem.objects.filter(program=program, item_id=not_recommended.id).exists()


def test_an_unknown_filter_value_is_refused_naming_the_field(world):
    response = _page(world, position="upside_down", grade="great")
    assert response.status_code == 400
    html = response.content.decode()
    assert "position: &#x27;upside_down&#x27; is not one of the choices" in html
    assert "grade: &#x27;great&#x27; is not one of the choices" in html


def test_a_search_is_shown_back_escaped(world):
    html = _page(world, q='<script>"x"</script>').content.decode()
    assert '<script>"x"' not in html and "&lt;script&gt;" in html
