"""The API's one error contract: every error under /api/ is JSON in one shape, in the request's
language, naming the refused field; malformed requests are refused before anything is written."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from greenledger.web.assessments.models import RecognitionCall
from greenledger.web.audit.models import AuditEntry
from greenledger.web.contract.types import INT64_MAX
from greenledger.web.members.models import Organisation
from greenledger.web.reporting.models import ImportJob
from tests.web.api_support import api_error, field_messages
from tests.web.conftest import World, organisation_values

API = "/api"


def request(
    world: World, persona: str, method: str, url: str, language: str = "zh-hans", **kwargs: Any
) -> Any:
    client = Client()
    return getattr(client, method)(
        f"{API}{url}", HTTP_ACCEPT_LANGUAGE=language, **kwargs, **world.api_headers(persona)
    )


def new_organisation(number: int, **overrides: Any) -> dict[str, Any]:
    values = organisation_values(number, **overrides)
    return {key: str(value) for key, value in values.items()}


@pytest.fixture
def ledger() -> Any:
    """Asserts, after the test, that nothing was written to the audit ledger."""
    before = AuditEntry.objects.count()
    yield
    assert AuditEntry.objects.count() == before


def test_an_unknown_route_answers_the_json_404_for_any_method(world: World, ledger: Any) -> None:
    for method in ("get", "post", "delete"):
        # a newline in an id (an int path converter refuses it) must not reach the HTML 404
        for url in ("/no/such/thing", "/", "/organisations/", "/organisations/a%0Ab/sites"):
            response = request(world, "secretariat", method, url)
            assert response.status_code == 404, (method, url)
            assert api_error(response)["code"] == "not_found"
    english = request(world, "anonymous", "get", "/organisations/1/nothing", language="en")
    assert api_error(english)["message"] == "No API operation at this address."
    chinese = request(world, "anonymous", "get", "/organisations/1/nothing")
    assert api_error(chinese)["message"] == "此地址没有 API 操作。"


def test_a_wrong_method_answers_405_with_the_allowed_ones(world: World, ledger: Any) -> None:
    response = request(world, "secretariat", "put", "/organisations", language="en")
    assert response.status_code == 405
    body = api_error(response)
    assert body["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
    assert "PUT is not allowed here" in body["message"]


def test_a_server_error_answers_json_with_the_correlation_id_it_logged(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from greenledger.web.members import selectors

    def broken(**_kwargs: Any) -> Any:
        raise RuntimeError("the summary broke")

    monkeypatch.setattr(selectors, "district_summary", broken)
    with caplog.at_level(logging.ERROR, logger="greenledger.api"):
        response = request(world, "anonymous", "get", "/district/summary", language="en")
    assert response.status_code == 500
    body = api_error(response)
    assert body["code"] == "server_error"
    assert len(body["correlation_id"]) == 32
    assert "the summary broke" not in response.content.decode()
    (record,) = [r for r in caplog.records if body["correlation_id"] in r.getMessage()]
    assert record.exc_info is not None and "the summary broke" in str(record.exc_info[1])


def test_an_offset_past_64_bits_is_refused_and_the_largest_one_answers_an_empty_page(
    world: World,
) -> None:
    refused = request(world, "secretariat", "get", f"/organisations?offset={2**63}", "en")
    assert refused.status_code == 422
    (message,) = field_messages(refused, "offset")
    assert message == f"At most {INT64_MAX}."
    largest = request(world, "secretariat", "get", f"/organisations?offset={INT64_MAX}")
    assert largest.status_code == 200 and largest.json()["items"] == []


def test_ids_past_their_column_are_refused_in_paths_queries_and_bodies(
    world: World, ledger: Any
) -> None:
    path = request(world, "secretariat", "get", f"/organisations/{2**63}")
    assert path.status_code == 422 and field_messages(path, "organisation_id")
    query = request(world, "secretariat", "get", f"/sites?organisation_id={2**64}")
    assert query.status_code == 422 and field_messages(query, "organisation_id")
    calls = RecognitionCall.objects.count()
    body = {
        "type": "green_factory",
        "title": "Demonstration units 2025",
        "year": 2025,
        "deadline": "2030-01-01",
        "places": 2**31,
        "issuing_body": "District secretariat",
        "panel": [2**63],
    }
    refused = request(
        world, "secretariat", "post", "/assessments/recognition/calls", "en",
        data=json.dumps(body), content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 422
    fields = {e["field"]: e["code"] for e in api_error(refused)["errors"]}
    assert fields == {"panel.0": "less_than_equal", "places": "less_than_equal"}
    assert RecognitionCall.objects.count() == calls


def test_a_string_past_its_column_is_refused_naming_the_field_in_both_languages(
    world: World, ledger: Any
) -> None:
    values = new_organisation(11, name_zh="长" * 201)
    for language, expected in (("en", "At most 200 characters."), ("zh-hans", "最多 200 个字符。")):
        response = request(
            world, "secretariat", "post", "/organisations", language,
            data=json.dumps(values), content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 422
        assert field_messages(response, "name_zh") == [expected]
        assert api_error(response)["errors"][0]["code"] == "string_too_long"
    assert not Organisation.objects.filter(credit_code=values["credit_code"]).exists()


def test_a_body_past_the_size_limit_answers_413(world: World, settings: Any, ledger: Any) -> None:
    values = new_organisation(12, address="x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    response = request(
        world, "secretariat", "post", "/organisations", "en",
        data=json.dumps(values), content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 413
    body = api_error(response)
    assert body["code"] == "payload_too_large"
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in body["message"]
    assert not Organisation.objects.filter(credit_code=values["credit_code"]).exists()


def test_a_body_that_is_not_json_is_refused(world: World, ledger: Any) -> None:
    values = new_organisation(13)
    wrong_type = request(
        world, "secretariat", "post", "/organisations", "en",
        data=json.dumps(values), content_type="text/plain",
    )  # fmt: skip
    assert wrong_type.status_code == 415
    assert "text/plain" in api_error(wrong_type)["message"]
    broken = request(
        world, "secretariat", "post", "/organisations", "en",
        data='{"kind": ', content_type="application/json",
    )  # fmt: skip
    assert broken.status_code == 400
    assert api_error(broken)["message"] == "The body is not valid JSON."
    for not_an_object in ("[1, 2]", '"text"', "0", "null"):
        patched = request(
            world, "secretariat", "patch", f"/organisations/{world.company_a.pk}", "en",
            data=not_an_object, content_type="application/json",
        )  # fmt: skip
        assert patched.status_code == 422
        assert field_messages(patched, None) == ["Send the body as a JSON object."]
    assert not Organisation.objects.filter(credit_code=values["credit_code"]).exists()


def test_broken_multipart_uploads_are_refused_naming_what_is_wrong(
    world: World, settings: Any, tmp_path: Any
) -> None:
    from tests.web.reporting.conftest import draft

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    submission = draft(world)
    before = AuditEntry.objects.count()
    url = f"/reporting/submissions/{submission.pk}/imports"
    no_boundary = request(
        world, "enterprise_a", "post", url, "en",
        data=b"--x\r\nbroken", content_type="multipart/form-data",
    )  # fmt: skip
    assert no_boundary.status_code == 400
    assert api_error(no_boundary)["message"] == "The multipart form could not be read."
    no_file = request(
        world, "enterprise_a", "post", url, "en",
        data=b"--xyz\r\nnot a part at all\r\n--xyz--\r\n",
        content_type="multipart/form-data; boundary=xyz",
    )  # fmt: skip
    assert no_file.status_code == 422
    assert field_messages(no_file, "file") == ["Attach the file as the 'file' field."]
    assert not ImportJob.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_wrong_token_answers_401_in_the_shape(world: World) -> None:
    client = Client()
    response = client.get(
        f"{API}/organisations", HTTP_AUTHORIZATION="Bearer gl_wrong", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 401
    assert api_error(response)["code"] == "unauthenticated"
    assert "missing, wrong or revoked" in api_error(response)["message"]


def test_a_refused_permission_answers_403_in_the_shape(world: World, ledger: Any) -> None:
    refused = request(world, "public", "get", "/reporting/district/inventories.xlsx", "en")
    assert refused.status_code == 403
    assert api_error(refused)["message"] == "You do not have permission to do this."


def test_the_schema_declares_the_error_shape_and_only_the_statuses_each_operation_answers(
    world: World,
) -> None:
    schema = Client().get(f"{API}/openapi.json").json()
    assert {"ApiError", "FieldError"} <= set(schema["components"]["schemas"])
    operations = [
        (method.upper(), path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 60
    for method, path, operation in operations:
        responses = operation["responses"]
        assert "401" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                reference = response["content"]["application/json"]["schema"]["$ref"]
                assert reference.endswith("/ApiError"), (method, path, status)
        if "{" in path:
            assert "404" in responses, (method, path)
        elif method == "GET":
            assert "404" not in responses, (method, path)
    by_name = {(m, p): o["responses"] for m, p, o in operations}
    assert set(by_name[("GET", "/api/tokens")]) == {"200", "401"}
    assert "403" not in by_name[("DELETE", "/api/tokens/{token_id}")]
    assert "403" in by_name[("GET", "/api/reporting/district/inventories.xlsx")]
    pdf = by_name[("GET", "/api/reporting/submissions/{submission_id}/report.pdf")]["200"]
    assert set(pdf["content"]) == {"application/pdf"}
    upload = schema["paths"]["/api/reporting/submissions/{submission_id}/imports"]["post"]
    form = upload["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["file"]
    assert "415" in by_name[("POST", "/api/organisations")]
    assert "415" not in by_name[("POST", "/api/reporting/submissions/{submission_id}/imports")]
