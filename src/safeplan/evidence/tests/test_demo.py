"""The demo loader adds synthetic incidents once, chained and marked as demo."""

from __future__ import annotations

from safeplan.evidence import chain, demo
from safeplan.evidence.models import Attachment, Incident
from safeplan.personas import World


def test_the_demo_loader_is_idempotent_and_its_chain_verifies(world: World) -> None:
    type(world.case).objects.filter(pk=world.case.pk).update(is_demo=True)
    assert demo.load() == len(demo.DEMO_INCIDENTS)
    assert demo.load() == 0
    assert Incident.objects.count() == len(demo.DEMO_INCIDENTS)
    assert all(incident.summary.startswith("[DEMO]") for incident in Incident.objects.all())
    assert Attachment.objects.count() == 1
    assert chain.check_chain(world.case).ok
