"""The API tested as an outsider would: schemathesis generates calls from our own OpenAPI document.

Every operation gets valid and invalid calls three times: with the ids schemathesis made up, on
a case the credential may open (with made-up event and obligation ids), and with that case's
real event and obligation ids, so the calls reach the services and not only the 404. A 500, or
a status, header, content type or body the document does not declare, fails the test. The run
is derandomised, so CI sends the same calls every time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from safeplan.api.models import Scope
from safeplan.api.services import credential_create
from safeplan.personas import World
from safeplan.testing.disclosure import world_request
from safeplan.testing.evidence import evidence_ids
from safeplan.testing.marac import world_action, world_referral
from safeplan.testing.plans import version_ids_for
from safeplan.testing.risk import world_assessment

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 25


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Keep the test's database transaction open across calls, as Django's own test client does."""
    # Both signals: on PostgreSQL, closing "old" connections at a request's start would close the one
    # holding the test's transaction (SQLite's in-memory database never closes, which hid this).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def world_records(world: World) -> dict[str, int]:
    """Make one record of each kind the API names by id, on the credential's own case and team."""
    return {
        "assessment_id": world_assessment(world).pk,
        "version_id": version_ids_for(world)[0],
        "incident_id": evidence_ids(world)["incident_id"],
        "referral_id": world_referral(world).pk,
        "action_id": world_action(world).pk,
        "request_id": world_request(world).pk,
    }


def real_ids(world: World, records: dict[str, int]) -> dict[str, Any]:
    """Ids of records that exist on the credential's own case, so calls get past the gate."""
    ids: dict[str, Any] = {"case_id": world.case.pk, **records}
    for name, rows in (
        ("event_id", world.case.events.order_by("pk")),
        ("obligation_id", world.case.obligations.order_by("pk")),
    ):
        first = rows.first()
        if first is not None:
            ids[name] = first.pk
    return ids


def test_every_operation_answers_as_its_document_says(world: World, settings: Any, in_test_transaction: None) -> None:
    settings.API_CALLS_PER_MINUTE = 10**9
    _, key = credential_create(
        actor=world.adam,
        name="Conformance",
        team=world.north,
        role="officer",
        scopes=list(Scope.values),
        expires_at=timezone.now() + timedelta(days=1),
    )
    # Identity: the WSGI transport hands back the body as sent, and a gzipped one is not JSON.
    auth = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
    records = world_records(world)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, "the document lists the API's operations"
    calls = 0

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def conforms(case: Any) -> None:
                nonlocal calls
                real = real_ids(world, records)
                for ids in ({}, {"case_id": real["case_id"]}, real):
                    for name, value in ids.items():
                        if case.path_parameters and name in case.path_parameters:
                            case.path_parameters[name] = value
                    response = case.call(headers=auth)
                    case.validate_response(response, checks=CHECKS, headers=auth)
                    calls += 1

            conforms()
    print(f"schemathesis: {len(operations)} operations, {calls} calls, no failure")
