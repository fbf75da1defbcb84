"""Reading API errors in the contract's one shape (greenledger.web.contract.errors.ApiError)."""

from __future__ import annotations

from typing import Any

from greenledger.web.contract.errors import CODE_OF_STATUS


def api_error(response: Any) -> dict[str, Any]:
    """The error body, checked to be in the one shape: status, code, message, errors."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    assert body["code"] == CODE_OF_STATUS[response.status_code].value
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], list)
    return body


def field_messages(response: Any, field: str | None) -> list[str]:
    """The reasons given for one field of a refused request."""
    return [e["message"] for e in api_error(response)["errors"] if e["field"] == field]
