"""CDS Hooks 2.0 requests as validated types (the service's edge: bad input is a 400 naming
the field, never a guess).

Spec: https://cds-hooks.hl7.org/2.0/ (hook request, feedback) and the hook definitions of
`patient-view` and `order-select`. Unknown top-level fields are tolerated, because the spec
lets clients add extensions; the fields we read are checked strictly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from sciatica_pt.core.errors import InvalidInput, problems_of

Id = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Lenient(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class FhirAuthorization(Lenient):
    access_token: Id
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str
    subject: str


class HookRequest(Lenient):
    """Field names keep the spec's camelCase so the model reads like the spec."""

    hook: Id
    hookInstance: UUID
    fhirServer: str | None = None
    fhirAuthorization: FhirAuthorization | None = None
    context: dict[str, Any]
    prefetch: dict[str, Any] | None = None


class PatientViewContext(Lenient):
    userId: Id
    patientId: Id
    encounterId: Id | None = None


class OrderSelectContext(PatientViewContext):
    selections: list[Id] = Field(min_length=1)
    draftOrders: dict[str, Any]

    @field_validator("draftOrders")
    @classmethod
    def _draft_orders_is_a_bundle(cls, value: dict[str, Any]) -> dict[str, Any]:
        if value.get("resourceType") != "Bundle":
            raise ValueError("draftOrders must be a FHIR Bundle")
        return value


class Coding(Lenient):
    code: Id
    system: str | None = None
    display: str | None = None


class OverrideReason(Lenient):
    reason: Coding | None = None
    userComment: str | None = None


class AcceptedSuggestion(Lenient):
    id: Id


class Feedback(Lenient):
    card: Id
    outcome: Literal["accepted", "overridden"]
    acceptedSuggestions: list[AcceptedSuggestion] = []
    overrideReason: OverrideReason | None = None
    outcomeTimestamp: datetime

    @model_validator(mode="after")
    def _accepted_names_suggestions(self) -> Feedback:
        if self.outcome == "accepted" and not self.acceptedSuggestions:
            raise ValueError("an accepted outcome needs acceptedSuggestions")
        return self


class FeedbackRequest(Lenient):
    feedback: list[Feedback] = Field(min_length=1)


Model = TypeVar("Model", bound=BaseModel)


def parse(model: type[Model], data: object, prefix: str = "") -> Model:
    """Validate request data; raise InvalidInput with one line per problem, naming the field."""
    if not isinstance(data, dict):
        raise InvalidInput([f"{prefix or '(top level)'}: must be a JSON object"])
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix)) from None
