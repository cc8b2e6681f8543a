"""An event, a notification or a completion dated too long ago is a typing mistake: refused (issue 16)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.content.events import event_rules
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import timeline_ids, valid_post
from safeplan.timeline.models import CaseEvent, NotificationRecord, Obligation
from safeplan.timeline.services import event_record, notification_record

LONDON = timezone.get_fixed_timezone(0)


def test_an_arrest_dated_1900_is_refused_on_the_page_and_nothing_is_saved(world: World, client: Client) -> None:
    sign_in_verified(client, world.alice)
    data = valid_post(event_rules().by_id("arrest"), occurred=datetime(1900, 6, 1, 10, 0, tzinfo=LONDON))
    response = client.post(f"/cases/{world.case.pk}/events/new/?type=arrest", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "check the year" in page
    assert not CaseEvent.objects.exists()
    assert not Obligation.objects.exists()


@override_settings(EVENT_OLDEST_YEARS=10)
def test_an_event_just_inside_the_limit_is_kept_and_one_just_outside_it_is_refused(world: World) -> None:
    now = timezone.now()
    kept = event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=now - timedelta(days=3600))
    assert kept.pk is not None
    audited = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        event_record(actor=world.alice, case=world.case, type_id="arrest", occurred_at=now - timedelta(days=3700))
    assert "occurred_at" in refused.value.message_dict
    assert CaseEvent.objects.count() == 1
    assert AuditEvent.objects.count() == audited


@override_settings(EVENT_OLDEST_YEARS=1)
def test_the_limit_is_a_setting(world: World) -> None:
    with pytest.raises(ValidationError):
        event_record(
            actor=world.alice, case=world.case, type_id="arrest", occurred_at=timezone.now() - timedelta(days=400)
        )
    assert not CaseEvent.objects.exists()


def test_a_notification_dated_long_ago_is_refused_and_leaves_the_obligation_open(world: World) -> None:
    obligation = Obligation.objects.get(pk=timeline_ids(world)["obligation_id"])
    with pytest.raises(ValidationError) as refused:
        notification_record(
            actor=world.alice,
            obligation=obligation,
            notified_at=datetime(1900, 1, 2, 12, 0, tzinfo=LONDON),
            channel="phone_call",
            outcome="told",
            what_was_said="Told her about the arrest and what happens next.",
        )
    assert "notified_at" in refused.value.message_dict
    assert not NotificationRecord.objects.exists()
    obligation.refresh_from_db()
    assert obligation.done_at is None
