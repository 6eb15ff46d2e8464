"""The OpenAPI schema's error responses: every operation documents the
statuses it can answer besides its own, each with the one error shape
(``csba.errors.error_body``). A drf-spectacular postprocessing hook, so a
new endpoint gets them without a decorator."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "description": "The API's one error shape.",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a person."},
        "code": {"type": "string", "description": "What went wrong, for a program (e.g. invalid, not_found)."},
        "errors": {
            "type": "object",
            "description": "Messages per field (non_field_errors for the request as a whole); may be empty.",
            "additionalProperties": True,
        },
    },
    "required": ["detail", "code", "errors"],
}

DESCRIPTIONS = {
    "400": "Invalid input: field errors in `errors` (also unparsable, too deeply nested or out-of-range JSON).",
    "401": "Not authenticated: send a token (`Authorization: Token …`) or log in.",
    "403": "Authenticated, but not allowed (wrong role).",
    "404": "No such object, or not the caller's.",
    "409": "The Idempotency-Key was used before with another request body.",
    "413": "The request body is larger than this endpoint takes.",
    "415": "The Content-Type is not one this endpoint reads.",
    "429": "Too many requests: retry after the seconds in the Retry-After header.",
}

WRITES = {"post", "put", "patch"}


def _is_public(operation: dict) -> bool:
    return {} in (operation.get("security") or [])


def _takes_idempotency_key(operation: dict) -> bool:
    return any(p.get("in") == "header" and p.get("name") == "Idempotency-Key" for p in operation.get("parameters", []))


def error_statuses(method: str, operation: dict) -> list[str]:
    statuses = {"400", "429"}
    if not _is_public(operation):
        statuses |= {"401", "403", "404"}
    if method in WRITES:
        statuses |= {"413", "415"}
    if _takes_idempotency_key(operation):
        statuses.add("409")
    return sorted(statuses)


def add_error_responses(result, generator, request, public):
    """Every operation's error responses (and its optional filters marked as
    taking an empty value)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                # An optional filter sent empty (?state=) means "no filter", as from an HTML form.
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
            for status in error_statuses(method, operation):
                operation["responses"].setdefault(
                    status,
                    {"description": DESCRIPTIONS[status], "content": {"application/json": {"schema": reference}}},
                )
    return result
