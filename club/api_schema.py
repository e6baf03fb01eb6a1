"""The API's errors as the OpenAPI schema describes them: one format for 400 (per-field messages),
one for the others ({"detail": …}), and the errors every operation of a kind can give."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny

FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Per-field messages; errors about no single field are under non_field_errors.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"postcode": ["Ce code postal est inconnu."]},
}
DETAIL_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
CONFLICT_SCHEMA = {
    "type": "object",
    "description": "The current state refuses the change; `conflicts` lists what is in the way, if anything.",
    "properties": {
        "detail": {"type": "string"},
        "conflicts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {
                        "type": "integer",
                        "nullable": True,
                        "description": "The exchange in the way, if it is yours.",
                    },
                    "first_day": {"type": "string", "format": "date"},
                    "last_day": {"type": "string", "format": "date"},
                },
                "required": ["id", "first_day", "last_day"],
            },
        },
    },
    "required": ["detail"],
}
_ERROR_DESCRIPTIONS = {
    400: "Invalid input: per-field messages",
    401: "Not authenticated (send X-Session-Token)",
    403: "Not allowed (e.g. not a verified sociétaire)",
    404: "Not found, or not yours",
    409: "Conflict with the current state (dates taken, or a change the exchange's state does not allow)",
    429: "Too many attempts (rate limit)",
}


def errors(*codes: int) -> dict:
    """The error responses of an endpoint, for extend_schema(responses=…)."""
    return {
        code: OpenApiResponse(
            response={400: FIELD_ERRORS_SCHEMA, 409: CONFLICT_SCHEMA}.get(code, DETAIL_SCHEMA),
            description=_ERROR_DESCRIPTIONS[code],
        )
        for code in codes
    }


class AutoSchema(SpectacularAutoSchema):
    """Adds the errors every operation of a kind can give, so that no view has to list them: 400
    for a body that does not validate, 401/403 where a permission is needed, 429 from the
    throttles everywhere, 404 for a page number out of range on paginated lists."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)

        def add(code, schema=DETAIL_SCHEMA, description=None):
            content = {"application/json": {"schema": schema}}
            responses.setdefault(
                str(code), {"description": description or _ERROR_DESCRIPTIONS[code], "content": content}
            )

        if self.method in ("POST", "PUT", "PATCH"):
            add(400, FIELD_ERRORS_SCHEMA)
        if not all(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            add(401)
            add(403)
        add(429)
        listed = responses.get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        if self.method == "GET" and "Paginated" in listed.get("$ref", ""):
            add(404, description="Page number out of range")
        return responses
