"""The patient's Today page shows each item's patient wording, never the clinician's (issue 17,
item 11: it showed "Name each warning sign in plain words and ask the patient to repeat them
back")."""

from __future__ import annotations

import html

from sciatica_pt import knowledge
from sciatica_pt.core.knowledge import clinician_address
from sciatica_pt.core.vocabulary import DeliveredBy, Kind


def test_the_today_page_shows_the_patient_wording_of_every_item_it_lists(world):
    page = html.unescape(world.client("patient_a_user").get("/me/").content.decode())
    kb = knowledge.load()
    shown = [
        i
        for i in kb.items
        if i.kind in (Kind.ADVICE, Kind.REFERRAL) or i.delivered_by is not DeliveredBy.PATIENT
    ]
    listed = [i for i in shown if f"<h2>{i.name}</h2>" in page]
    assert "advice-warning-signs" in {i.id for i in listed}
    for item in listed:
        assert item.instructions.steps[0] in page, item.id
        for line in (item.clinician.summary, *item.clinician.steps, *item.clinician.stop_if):
            if clinician_address(line):
                assert line not in page, (item.id, line)
    assert "ask the patient" not in page.lower()
