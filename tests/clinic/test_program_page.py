"""The patient's program page: each card shows the item, its dose and how to do it, escaped."""

from __future__ import annotations

from sciatica_pt import knowledge
from sciatica_pt.clinic.models import ProgramItem
from sciatica_pt.clinic.services import programs
from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.words import dose_in_words


def _page(world) -> str:
    return world.client("patient_a_user").get("/me/").content.decode()


def test_each_card_shows_the_items_name_drawing_dose_in_words_and_instructions(world):
    _program, items = programs.current_items(world.patient_a)
    item = next(i for i in items if i.dosage)
    page = _page(world)
    steps = knowledge.load().item(item.item_id).instructions.steps
    assert f"<h2>{item.name}</h2>" in page
    words = dose_in_words(Dosage.model_validate(item.dosage))
    assert f"<strong>{words[0].upper() + words[1:]}</strong>" in page
    assert "per_day" not in page and "sets:" not in page
    assert steps[0].replace("'", "&#x27;") in page
    assert f'<title id="today-{item.item_id}-title">' in page  # its drawing, inline


def test_text_on_the_cards_is_escaped(world):
    program, _ = programs.current_items(world.patient_a)
    ProgramItem.objects.create(
        program=program,
        position=99,
        item_id="no-longer-in-the-kb",
        item_class="x",
        kind="exercise",
        setting="home",
        name="<script>alert(1)</script>",
        why=["<img src=x onerror=alert(2)>"],
        dosage={"<b>sets</b>": 3},
    )
    page = _page(world)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>sets</b>" not in page


def test_the_pages_queries_do_not_grow_with_items_check_ins_or_alerts(world):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sciatica_pt.clinic.models import Severity
    from sciatica_pt.clinic.services import alerts, checkins
    from tests.clinic.conftest import TODAY, checkin_doc

    def queries(who: str, url: str) -> int:
        client = world.client(who)
        client.get(url)  # the session's first read
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    detail = f"/patients/{world.patient_a.pk}/"
    pages = (("patient_a_user", "/me/"), ("therapist", detail))
    before = {url: queries(who, url) for who, url in pages}
    program, items = programs.current_items(world.patient_a)
    have = {i.item_id for i in items}
    extra = [i.id for i in knowledge.load().items if i.kind == "exercise" and i.id not in have]
    for item_id in extra[:3]:
        program.refresh_from_db()
        programs.add_item(None, world.therapist, world.patient_a, program.version, item_id, "Why")
    for n in range(5):
        alerts.raise_alert(world.patient_a, f"rule-{n}", Severity.INFO, "Note.", "", [])
        day = TODAY + dt.timedelta(days=n + 1)  # from the program's start on
        later = TODAY + dt.timedelta(days=6)
        checkins.log(None, world.patient_a_user, checkin_doc(day=day.isoformat()), later)
    assert queries("patient_a_user", "/me/") == before["/me/"]
    assert queries("therapist", detail) == before[detail]
