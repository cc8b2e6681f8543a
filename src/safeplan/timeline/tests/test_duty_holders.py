"""Notification duties go to the agency kind that holds them: police or witness care, an IDVA only as the SPOC."""

from __future__ import annotations

from safeplan.cases.models import Case
from safeplan.personas import World
from safeplan.testing.timeline import BAIL_CONDITIONS, record


def _spoc(world: World, user: object) -> None:
    Case.objects.filter(pk=world.case.pk).update(spoc=user)
    world.case.refresh_from_db()


def test_without_witness_care_a_court_outcome_goes_to_the_police_not_to_an_idva_spoc(world: World) -> None:
    world.wendy.is_active = False
    world.wendy.save()
    _spoc(world, world.ida)
    notify = record(world.alice, world.case, "sentencing").obligations.get(kind="notify")
    assert (notify.owner, notify.owner_role, notify.owner_fallback) == (world.alice, "witness_care", True)


def test_an_idva_who_is_the_single_point_of_contact_holds_the_spocs_duties(world: World) -> None:
    _spoc(world, world.ida)
    verdict = record(world.alice, world.case, "verdict").obligations.get(kind="notify")
    assert verdict.owner == world.wendy  # a court outcome stays with witness care
    bail = record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    assert bail.obligations.get(kind="notify").owner == world.ida


def test_with_a_police_spoc_witness_cares_duty_falls_back_to_the_spoc(world: World) -> None:
    world.wendy.is_active = False
    world.wendy.save()
    notify = record(world.alice, world.case, "sentencing").obligations.get(kind="notify")
    assert (notify.owner, notify.owner_fallback) == (world.bob, True)


def test_handing_the_spoc_role_to_an_idva_leaves_witness_cares_duty_with_the_police(world: World) -> None:
    from safeplan.cases.models import Handover
    from safeplan.timeline.services import obligations_follow_handover

    world.wendy.is_active = False
    world.wendy.save()
    notify = record(world.alice, world.case, "sentencing").obligations.get(kind="notify")
    bail = record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    spoc_duty = bail.obligations.get(kind="notify")
    moved = obligations_follow_handover(
        actor=world.alice, case=world.case, duty=str(Handover.Duty.SPOC.value), to_user=world.ida
    )
    assert moved == [spoc_duty.pk]
    notify.refresh_from_db()
    assert notify.owner == world.bob


def test_a_handover_given_the_duty_member_moves_the_same_obligations_as_its_value(world: World) -> None:
    import pytest

    from safeplan.audit.models import AuditEvent
    from safeplan.audit.verbs import Verb
    from safeplan.cases.models import Handover
    from safeplan.timeline.services import obligations_follow_handover

    bail = record(world.alice, world.case, "bail_with_conditions", conditions_plain=BAIL_CONDITIONS)
    spoc_duty = bail.obligations.get(kind="notify")
    moved = obligations_follow_handover(actor=world.alice, case=world.case, duty=Handover.Duty.SPOC, to_user=world.ida)
    assert moved == [spoc_duty.pk]
    assert AuditEvent.objects.get(verb=Verb.OBLIGATION_REASSIGNED).detail["duty"] == "spoc"
    with pytest.raises(ValueError, match="unknown duty"):
        obligations_follow_handover(actor=world.alice, case=world.case, duty="caretaker", to_user=world.ida)
