"""The whole API schema driven by schemathesis, as the secretariat, an enterprise manager and an
anonymous visitor, against a small district where the ids schemathesis tries exist.

Every check schemathesis offers is enabled (server errors, documented statuses, content types,
response schemas and headers, positive and negative data, missing headers, ignored auth,
unsupported methods, Allow headers) over its examples, coverage and fuzzing phases, with
positive and negative data; each persona must end with no failure of any kind. The number of
generated cases per persona is printed. Left out to keep the run bounded: the stateful phase
(the checks use_after_free and ensure_resource_availability only act there);
object_level_authorization acts only with several configured identities, which the
authorization matrix covers instead.

Bounded and deterministic: a fixed seed, ``deterministic`` generation and a few examples per
operation. The requests go through Django's WSGI application on schemathesis' worker thread,
which shares the test's database connection (as Django's live-server tests do), so the test's
transaction holds everything the run writes and rolls it back.
"""

from __future__ import annotations

import collections
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connections
from schemathesis.engine import events

from tests.web.assessments import helpers
from tests.web.conftest import World

PERSONAS = ("secretariat", "enterprise_a", "anonymous")
MAX_EXAMPLES = 3
SEED = 20251201

# Operations left out, by name, and why.
EXCLUDED = [
    # revokes the caller's own token: every later request of the run would answer 401
    ("DELETE", "/api/tokens/{token_id}"),
]


class SharedConnectionApp:
    """Django's WSGI application, answering on the test's database connection from any thread."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.connection = connections["default"]

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        connections["default"] = self.connection
        return self.handler(environ, start_response)


@pytest.fixture(autouse=True)
def _wsgi_probes_without_socket_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """schemathesis 4.32 passes socket-level settings (``max_redirects``...) to werkzeug's test
    client when a check re-sends a request over WSGI without a requests session (the
    ``ignored_auth`` probes of operations that require a token); werkzeug refuses them with a
    TypeError. They mean nothing in-process, so they are dropped, as schemathesis itself does
    when a session is given."""
    from schemathesis.transport.wsgi import WSGITransport

    send = WSGITransport.send

    def without_socket_settings(self: Any, case: Any, **kwargs: Any) -> Any:
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return send(self, case, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", without_socket_settings)


@pytest.fixture
def district(world: World, settings: Any, tmp_path: Path) -> World:
    """The personas' district with one of everything the API serves: a verified inventory, a
    call with an approved application and its certificate, a draft application with evidence,
    a declared relation and a published recognition call (ids 1, 2 ... exist)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    helpers.certificate(world)
    helpers.draft_evidence(world)
    helpers.relation(world)
    helpers.recognition_published(world)
    return world


@pytest.fixture
def shared_app(district: World) -> Iterator[SharedConnectionApp]:
    # as Django's test client does: requests must not close the test's connection
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    connection = connections["default"]
    connection.inc_thread_sharing()
    try:
        yield SharedConnectionApp()
    finally:
        connection.dec_thread_sharing()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _config(headers: dict[str, str]) -> Any:
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "workers": 1,
            "continue-on-failure": True,
            "headers": headers,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,
                "mode": "all",
                "database": "none",
            },
            "checks": {
                "enabled": True,
                # Business rules JSON Schema cannot state (a credit code's check digit, a
                # workflow's state, a period inside the reporting year, a site of the named
                # organisation) refuse schema-valid data with 422 naming the field; the check
                # still fails on any other refusal (400, 413, 415, 5xx...).
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "3xx", 401, 403, 404, 409, 422, 429]
                },
            },
            "phases": {"stateful": {"enabled": False}},
        }
    )


def _run(
    app: SharedConnectionApp, headers: dict[str, str]
) -> tuple[collections.Counter[str], list[str]]:
    schema = schemathesis.openapi.from_wsgi(
        "/api/openapi.json", app, config=_config(headers), headers=headers
    )
    for method, path in EXCLUDED:
        schema = schema.exclude(method=method, path=path)
    cases: collections.Counter[str] = collections.Counter()
    failures: list[str] = []
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            cases[event.phase.value] += len(event.recorder.cases)
            for case_id, checks in event.recorder.checks.items():
                for check in checks:
                    if check.failure_info is not None:
                        failure = check.failure_info.failure
                        case = event.recorder.cases[case_id].value
                        failures.append(
                            f"{event.recorder.label}: {check.name}: {failure.title}\n"
                            f"    {case.as_curl_command()}\n    {failure.message[:600]}"
                        )
        elif isinstance(event, events.NonFatalError):
            failures.append(f"{event.label}: error: {event.value!r}")
        elif isinstance(event, events.FatalError):
            failures.append(f"run: error: {event.exception!r}")
    return cases, failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_whole_schema_holds_for(
    persona: str, district: World, shared_app: SharedConnectionApp, capsys: Any
) -> None:
    token = district.tokens.get(persona)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    cases, failures = _run(shared_app, headers)
    kinds = collections.Counter(line.split(": ")[1] for line in failures if ": " in line)
    with capsys.disabled():
        print(
            f"\nschemathesis as {persona}: {cases.total()} generated cases "
            f"({', '.join(f'{phase} {n}' for phase, n in sorted(cases.items()))}), "
            f"{len(failures)} failures"
        )
    assert cases.total() > 200
    assert not failures, f"{dict(kinds)}\n" + "\n".join(failures[:40])
