"""The clinic's records. ORM models are adapters: the clinical meaning lives in the core types
they map to and from (`to_domain()` / `from_domain()`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from sciatica_pt.core.intake.assessment import Assessment as AssessmentDoc
from sciatica_pt.core.intake.assessment import parse_assessment
from sciatica_pt.core.knowledge import Item
from sciatica_pt.core.result import AssessmentResult, PlanItem

User = settings.AUTH_USER_MODEL


class Role(models.TextChoices):
    ADMIN = "admin", "Clinic admin"
    THERAPIST = "therapist", "Therapist"


class Clinic(models.Model):
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A clinic staff member: an admin or a therapist of exactly one clinic."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=20, choices=Role.choices)

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Patient(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="patients")
    therapist = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="patients"
    )
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="patient_profile"
    )
    display_name = models.CharField(max_length=200)
    # Contact details, each optional; validated by services.contact before they are stored.
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(max_length=254, blank=True, default="")
    phone = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    discharged_on = models.DateField(null=True, blank=True)
    # Denormalized for the patient list: one indexed column instead of a scan of check-ins.
    last_checkin_on = models.DateField(null=True, blank=True, db_index=True)
    open_alerts = models.PositiveIntegerField(default=0, db_index=True)
    # The most severe open alert (services.alerts.SEVERITY_RANK) and its message, kept with the
    # count so the list puts a warning sign above any number of lesser alerts in one query.
    alert_level = models.PositiveSmallIntegerField(default=0)
    alert_summary = models.CharField(max_length=200, blank=True, default="")
    # The patient's time of their one daily reminder: the reminder e-mail and the calendar
    # file's alarm (None: not chosen, `services.daily_reminder.DEFAULT_REMINDER`).
    reminder_time = models.TimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["clinic", "-open_alerts", "display_name"])]

    def __str__(self) -> str:
        return f"patient {self.pk}"  # never the name: str() ends up in logs


class Assessment(models.Model):
    """An assessment v1 document and the result the engine gave for it."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="assessments")
    document = models.JSONField()
    result = models.JSONField()
    triage_level = models.CharField(max_length=40)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def to_domain(self) -> AssessmentDoc:
        return parse_assessment(self.document)

    def result_domain(self) -> AssessmentResult:
        return AssessmentResult.model_validate(self.result)


class ProgramStatus(models.TextChoices):
    ACTIVE = "active"
    PROVISIONAL = "provisional"
    WITHHELD = "withheld"
    STOPPED = "stopped"  # a warning sign stopped it; the therapist must review
    DISCHARGED = "discharged"


class Program(models.Model):
    """The patient's current program: this row and its items (`ProgramItem`) are its one
    source. Every write (a clinician's edit, a check-in's review, discharge) locks this row
    (`select_for_update`) and raises `version`, so no write can lose another; an edit names
    the version it started from and is refused if another write came first."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="programs")
    assessment = models.ForeignKey(Assessment, null=True, on_delete=models.SET_NULL)
    status = models.CharField(max_length=20, choices=ProgramStatus.choices)
    version = models.PositiveIntegerField(default=1)
    started_on = models.DateField()
    is_current = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the follow-up engine carries from one review to the next beyond the items: the day
    # it reviewed through, the day a clinician cleared warning signs, direction bans, the
    # flare-up state, the goals (`followup.ENGINE_FIELDS`). None when the plan could not start
    # a follow-up program (withheld, or no items).
    followup_state = models.JSONField(null=True, blank=True)
    last_review = models.JSONField(null=True, blank=True)  # the last review, as the engine gave it

    class Meta:
        indexes = [models.Index(fields=["patient", "is_current"])]

    @property
    def flare(self) -> bool:
        return bool((self.followup_state or {}).get("flare"))


class ItemStatus(models.TextChoices):
    ACTIVE = "active"
    REGRESSED = "regressed"  # stepped back by the follow-up rules; still done, may progress
    STOPPED = "stopped"  # by the follow-up rules (peripheralization, a warning sign)
    REMOVED = "removed"  # no longer in the program: by a clinician, or replaced by the rules


LIVE = (ItemStatus.ACTIVE, ItemStatus.REGRESSED)  # what the patient does


class ProgramItemQuerySet(models.QuerySet["ProgramItem"]):
    def live(self) -> ProgramItemQuerySet:
        """The items the patient does, in order."""
        return self.filter(status__in=LIVE).order_by("position", "pk")

    def in_program(self) -> ProgramItemQuerySet:
        """Every item of the program, stopped ones too (as the follow-up engine sees it)."""
        return self.exclude(status=ItemStatus.REMOVED).order_by("position", "pk")


class ProgramItem(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    item_id = models.CharField(max_length=100)
    item_class = models.CharField(max_length=60)
    kind = models.CharField(max_length=30)
    direction = models.CharField(max_length=20, blank=True, default="")
    setting = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    dosage = models.JSONField(null=True, blank=True)
    why = models.JSONField(default=list)
    refs = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.ACTIVE)
    since = models.DateField(null=True, blank=True)  # the current dose or status began
    reason = models.TextField(blank=True, default="")  # why the rules regressed or stopped it
    added_by_clinician = models.BooleanField(default=False)
    clinician_reason = models.TextField(blank=True, default="")
    changed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = ProgramItemQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    @classmethod
    def from_domain(cls, item: PlanItem, position: int) -> ProgramItem:
        return cls(
            position=position,
            item_id=item.id,
            item_class=item.item_class.value,
            kind=item.kind.value,
            direction=item.direction.value if item.direction else "",
            setting=item.setting.value,
            name=item.name,
            dosage=item.dosage.model_dump(exclude_none=True) if item.dosage else None,
            why=list(item.why),
            refs=list(item.refs),
            added_by_clinician=item.added_by_clinician,
        )

    @classmethod
    def from_kb(cls, program: Program, item: Item, **fields: Any) -> ProgramItem:
        """A knowledge-base item at its starting dose, with what else `fields` say."""
        values: dict[str, Any] = {
            "program": program,
            "item_id": item.id,
            "item_class": item.item_class.value,
            "kind": item.kind.value,
            "direction": item.direction.value if item.direction else "",
            "setting": item.setting.value,
            "name": item.name,
            "dosage": item.dosage.model_dump(exclude_none=True) if item.dosage else None,
            "refs": list(item.evidence.refs),
        }
        return cls(**{**values, **fields})

    def to_domain(self) -> PlanItem:
        data: dict[str, Any] = {
            "id": self.item_id,
            "class": self.item_class,
            "kind": self.kind,
            "direction": self.direction or None,
            "setting": self.setting,
            "name": self.name,
            "dosage": self.dosage,
            "why": self.why,
            "refs": self.refs,
            "added_by_clinician": self.added_by_clinician,
        }
        return PlanItem.model_validate(data)


class CheckIn(models.Model):
    """One logged session and check-in; `data` is the validated check-in document."""

    # No index of its own: `clinic_checkin_newest` starts with the patient. A second index
    # on the patient let PostgreSQL's planner, with statistics older than a burst of
    # check-ins, read that one and sort instead of reading the newest ones in order.
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="checkins", db_index=False
    )
    program = models.ForeignKey(Program, null=True, on_delete=models.SET_NULL)
    day = models.DateField()
    data = models.JSONField()
    warning_sign = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    core = models.JSONField(null=True, blank=True)  # as the follow-up engine reads it

    class Meta:
        indexes = [
            # The follow-up review's read on every check-in: the newest check-ins of one
            # patient, newest first, without a sort; also every other
            # read of one patient's check-ins.
            models.Index(fields=["patient", "-day", "-id"], name="clinic_checkin_newest"),
        ]


class Measure(models.TextChoices):
    LEG_PAIN = "leg_pain_nrs", "Leg pain (0-10)"
    BACK_PAIN = "back_pain_nrs", "Back pain (0-10)"
    ODI = "odi_percent", "ODI (%)"
    PSFS = "psfs_mean", "PSFS mean (0-10)"
    START_BACK = "start_back_total", "STarT Back total (0-9)"


class OutcomeScore(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(max_length=30, choices=Measure.choices)
    value = models.FloatField()
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["recorded_on", "pk"]


class PsfsActivityScore(models.Model):
    """One of the patient's own PSFS activities, scored 0 (unable) to 10 (as before) on a day.
    The activities are those the assessment recorded; their mean is also stored as the PSFS
    outcome score the follow-up reads, computed, never typed in."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="psfs_scores")
    activity = models.CharField(max_length=200)
    score = models.PositiveSmallIntegerField()
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["recorded_on", "pk"]


class AlertStatus(models.TextChoices):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


class Severity(models.TextChoices):
    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


class Alert(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="alerts")
    rule = models.CharField(max_length=80)
    event = models.CharField(max_length=120, blank=True, default="")  # the engine's alert id
    severity = models.CharField(max_length=20, choices=Severity.choices)
    message = models.TextField()
    action_now = models.TextField(blank=True, default="")
    refs = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class AuditAction(models.TextChoices):
    READ = "read"
    WRITE = "write"


class AuditEvent(models.Model):
    """Append-only record of every read and write of patient data."""

    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    clinic = models.ForeignKey(
        Clinic, null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True, default="")
    patient_id = models.BigIntegerField(null=True, db_index=True)
    ip = models.GenericIPAddressField(null=True)

    class Meta:
        ordering = ["-at", "-pk"]
        # Every read writes a row, so each index here costs every request: one index serves
        # the admin's log (a clinic's events, newest first, read in order); the user's and
        # the patient's stay for "who did what" and "who saw this patient".
        indexes = [models.Index(fields=["clinic", "-at", "-id"], name="clinic_audit_newest")]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("audit events are append-only")


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class QuestionnaireSchedule(models.Model):
    """When the therapist asks each questionnaire for the patient's current episode (issue 21):
    `cadences` is the core's `Cadence` list as data (core.outcomes.questionnaire_schedule
    checks it); the intake is the current program's first day. `discharge_from`: the day the
    therapist opened the discharge questionnaires (none before it)."""

    patient = models.OneToOneField(
        Patient, on_delete=models.CASCADE, related_name="questionnaire_schedule"
    )
    cadences = models.JSONField(default=list)
    discharge_from = models.DateField(null=True, blank=True)
    changed_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now=True)


class QuestionnaireResponse(models.Model):
    """One questionnaire as answered (by the patient) or entered item by item (by staff): the
    answers as given, kept whole, and the day they describe. Its scores are the outcome
    scores stored beside it (`OutcomeScore`, `PsfsActivityScore`), computed by the core."""

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="questionnaire_responses"
    )
    instrument = models.CharField(max_length=20)
    answers = models.JSONField()
    answered_on = models.DateField()
    entered_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    by_patient = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-answered_on", "-pk"]
        indexes = [
            models.Index(
                fields=["patient", "-answered_on", "-id"], name="clinic_questionnaire_newest"
            )
        ]


class ClinicExercise(models.Model):
    """An exercise a clinic wrote for its own patients (issue 20). The row maps to the core's
    `core.clinic_exercises.ClinicExercise`, which validates it like a built-in exercise; the
    engine then sees it as the knowledge-base item `clinic-<pk>`. Retired, it leaves the
    picker but stays in every program and history that holds it: rows are never deleted."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="exercises")
    name = models.CharField(max_length=120)
    item_class = models.CharField(max_length=60)
    direction = models.CharField(max_length=20)
    setting = models.CharField(max_length=20, default="home")
    equipment = models.JSONField(default=list)
    minutes = models.PositiveSmallIntegerField(default=5)
    dosage = models.JSONField(default=dict)
    summary = models.TextField()
    steps = models.JSONField(default=list)  # the patient's words, one whole sentence each
    stop_if = models.JSONField(default=list)
    clinician_notes = models.JSONField(default=list)
    contraindications = models.JSONField(default=list)  # ids of the core's safety rules
    precautions = models.JSONField(default=list)
    reference = models.TextField(blank=True, default="")  # the clinic's own, free text
    position = models.CharField(max_length=30, blank=True, default="")  # for the picker
    pose = models.CharField(max_length=100, blank=True, default="")  # a built-in's drawing
    photo = models.CharField(max_length=200, blank=True, default="")  # under the data dir
    retired = models.BooleanField(default=False)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["clinic", "retired", "name"])]

    def __str__(self) -> str:
        return f"clinic exercise {self.pk}"
