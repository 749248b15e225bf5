"""`sciatica-pt serve --demo`: demo data through the real services, loaded idempotently."""

from __future__ import annotations

import datetime as dt

from sciatica_pt.clinic.models import Alert, CheckIn, Clinic, Membership, OutcomeScore, Patient
from sciatica_pt.clinic.services import demo
from sciatica_pt.commands import serve

TODAY = dt.date(2026, 11, 20)


def test_the_demo_clinic_has_staff_patients_across_triage_levels_and_history(db):
    logins = demo.load(TODAY)
    assert {"admin", "therapist"} <= {login.role for login in logins}
    assert Membership.objects.filter(role="therapist").count() == 2
    assert Patient.objects.count() >= 8
    levels = set(Patient.objects.values_list("assessments__triage_level", flat=True))
    assert levels == {"emergency", "urgent_referral", "routine_referral_with_pt", "pt_appropriate"}
    assert CheckIn.objects.count() > 100
    assert Alert.objects.filter(status="open").exists() and OutcomeScore.objects.exists()


def test_loading_the_demo_twice_changes_nothing(db):
    first = demo.load(TODAY)
    counts = (Clinic.objects.count(), Patient.objects.count(), CheckIn.objects.count())
    assert demo.load(TODAY) == first
    assert (Clinic.objects.count(), Patient.objects.count(), CheckIn.objects.count()) == counts


def test_serve_runs_gunicorn_with_sync_workers_on_the_given_address():
    argv = serve.gunicorn_argv("127.0.0.1", 8123, 2)
    assert argv[1:3] == ["-m", "gunicorn"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "2"
    assert "runserver" not in argv


def test_serve_starts_one_sync_worker_per_core_unless_told(monkeypatch):
    """Without --workers, gunicorn gets one sync worker per core; --workers still decides."""
    from typer.testing import CliRunner

    from sciatica_pt.cli import app

    started = []
    monkeypatch.setattr(serve, "serve", lambda host, port, demo, workers: started.append(workers))
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 2)
    runner = CliRunner()
    assert runner.invoke(app, ["serve"]).exit_code == 0
    assert runner.invoke(app, ["serve", "--workers", "3"]).exit_code == 0
    assert started == [2, 3]
    argv = serve.gunicorn_argv("127.0.0.1", 8123, started[0])
    assert argv[argv.index("--worker-class") + 1] == "sync"


def test_serve_writes_no_access_log_unless_asked(monkeypatch):
    monkeypatch.delenv("SCIATICA_PT_ACCESS_LOG", raising=False)
    assert "--access-logfile" not in serve.gunicorn_argv("127.0.0.1", 8123, 2)
    monkeypatch.setenv("SCIATICA_PT_ACCESS_LOG", "1")
    argv = serve.gunicorn_argv("127.0.0.1", 8123, 2)
    assert argv[argv.index("--access-logfile") + 1] == "-"


def test_the_token_command_issues_a_working_token_and_names_an_unknown_user(world, capsys):
    from django.test import Client

    from sciatica_pt.commands import token

    assert token.create("tess", "integration") == 0
    issued = capsys.readouterr().out.strip()
    response = Client().get("/api/patients", headers={"Authorization": f"Bearer {issued}"})
    assert response.status_code == 200
    assert token.create("nobody", "x") == 2
    assert "no active user 'nobody'" in capsys.readouterr().err


def test_demo_patients_who_log_show_the_exercises_they_did(db):
    from sciatica_pt.clinic.models import Program

    demo.load(TODAY)
    reviewed = [p.last_review for p in Program.objects.filter(is_current=True) if p.last_review]
    overall = [r["adherence"].get("overall") or 0 for r in reviewed if r.get("adherence")]
    assert overall, "no demo program was reviewed"
    # A steady logger is not shown as doing nothing. The portal logs an item once a day, so an
    # item prescribed six times a day (the directional exercise, now always in the plan) counts
    # at most 1/6 of its sessions: the best demo logger reaches about 0.48, not 0.5.
    assert max(overall) >= 0.4
