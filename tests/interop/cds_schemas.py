"""CDS Hooks 2.0 JSON shapes as JSON Schema (draft 2020-12), written from the specification's
tables: required fields, enums, the summary limit and the conditional fields."""

from __future__ import annotations

import jsonschema_rs

STRING = {"type": "string", "minLength": 1}
URL = {"type": "string", "format": "uri"}
UUID = {"type": "string", "format": "uuid"}
CODING = {
    "type": "object",
    "required": ["code"],
    "properties": {"code": STRING, "system": STRING, "display": STRING},
}
OVERRIDE_REASON = {**CODING, "required": ["code", "display"]}
SOURCE = {
    "type": "object",
    "required": ["label"],
    "properties": {"label": STRING, "url": URL, "icon": URL, "topic": CODING},
    "additionalProperties": False,
}
ACTION = {
    "type": "object",
    "required": ["type", "description"],
    "properties": {
        "type": {"enum": ["create", "update", "delete"]},
        "description": STRING,
        "resource": {"type": "object", "required": ["resourceType"]},
        "resourceId": STRING,
    },
    "additionalProperties": False,
    "allOf": [
        {
            "if": {"properties": {"type": {"enum": ["create", "update"]}}},
            "then": {"required": ["resource"]},
        },
        {"if": {"properties": {"type": {"const": "delete"}}}, "then": {"required": ["resourceId"]}},
    ],
}
SUGGESTION = {
    "type": "object",
    "required": ["label"],
    "properties": {
        "label": STRING,
        "uuid": UUID,
        "isRecommended": {"type": "boolean"},
        "actions": {"type": "array", "items": ACTION},
    },
    "additionalProperties": False,
}
LINK = {
    "type": "object",
    "required": ["label", "url", "type"],
    "properties": {
        "label": STRING,
        "url": URL,
        "type": {"enum": ["absolute", "smart"]},
        "appContext": {"type": "string"},
    },
    "additionalProperties": False,
    "if": {"properties": {"type": {"const": "absolute"}}},
    "then": {"not": {"required": ["appContext"]}},
}
CARD = {
    "type": "object",
    "required": ["summary", "indicator", "source"],
    "properties": {
        "uuid": UUID,
        "summary": {"type": "string", "minLength": 1, "maxLength": 139},
        "detail": {"type": "string"},
        "indicator": {"enum": ["info", "warning", "critical"]},
        "source": SOURCE,
        "suggestions": {"type": "array", "items": SUGGESTION},
        "selectionBehavior": {"enum": ["at-most-one", "any"]},
        "overrideReasons": {"type": "array", "items": OVERRIDE_REASON},
        "links": {"type": "array", "items": LINK},
    },
    "dependentRequired": {"suggestions": ["selectionBehavior"]},
    "additionalProperties": False,
}
RESPONSE = {
    "type": "object",
    "required": ["cards"],
    "properties": {
        "cards": {"type": "array", "items": CARD},
        "systemActions": {"type": "array", "items": ACTION},
    },
    "additionalProperties": False,
}
SERVICE = {
    "type": "object",
    "required": ["hook", "description", "id"],
    "properties": {
        "hook": STRING,
        "title": STRING,
        "description": STRING,
        "id": {"type": "string", "pattern": "^[A-Za-z0-9-]+$"},
        "prefetch": {"type": "object", "additionalProperties": {"type": "string"}},
        "usageRequirements": STRING,
    },
    "additionalProperties": False,
}
DISCOVERY = {
    "type": "object",
    "required": ["services"],
    "properties": {"services": {"type": "array", "items": SERVICE}},
    "additionalProperties": False,
}
FEEDBACK = {
    "type": "object",
    "required": ["feedback"],
    "properties": {
        "feedback": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["card", "outcome", "outcomeTimestamp"],
                "properties": {
                    "card": STRING,
                    "outcome": {"enum": ["accepted", "overridden"]},
                    "acceptedSuggestions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id"],
                            "properties": {"id": STRING},
                        },
                    },
                    "overrideReason": {
                        "type": "object",
                        "properties": {"reason": CODING, "userComment": {"type": "string"}},
                    },
                    "outcomeTimestamp": {"type": "string", "format": "date-time"},
                },
                "if": {"properties": {"outcome": {"const": "accepted"}}},
                "then": {"required": ["acceptedSuggestions"]},
            },
        }
    },
}


def problems(schema: dict, instance: object) -> list[str]:
    validator = jsonschema_rs.validator_for(schema, validate_formats=True)
    return [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(instance)]
