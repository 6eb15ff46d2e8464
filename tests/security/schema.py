"""The live OpenAPI schema, read once per test session, and its operations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # with {name} placeholders, as in the schema
    operation_id: str
    spec: dict

    @property
    def json_body(self) -> dict | None:
        content = (self.spec.get("requestBody") or {}).get("content", {})
        return content.get("application/json", {}).get("schema")

    def url(self, **params) -> str:
        return self.path.format(**params)


@lru_cache(maxsize=1)
def openapi() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema: dict | None) -> dict:
    """A schema with its $ref followed (one level: the components)."""
    schema = schema or {}
    ref = schema.get("$ref")
    if ref:
        return openapi()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


def operations() -> list[Operation]:
    found = []
    for path, entries in openapi()["paths"].items():
        for method, spec in entries.items():
            if method in METHODS:
                found.append(Operation(method, path, spec["operationId"], spec))
    return found
