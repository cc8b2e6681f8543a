"""The URL-discovering access matrix: every URL that takes an id, filled with the world's records.

The URL patterns are discovered, not listed: a new pattern is covered as soon as it exists,
and one whose id cannot be filled fails with a message saying so. Used by
safeplan/tests/test_access_matrix.py and test_bad_input.py, and by app tests that walk
their own pages the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from safeplan.accounts.models import Role, User
from safeplan.personas import World
from safeplan.testing.api import world_credential
from safeplan.testing.disclosure import world_request
from safeplan.testing.evidence import evidence_ids
from safeplan.testing.mail import undelivered_mail_id
from safeplan.testing.marac import (
    area_outsiders,
    briefing_outsiders,
    marac_world,
    referral_outsiders,
    world_action,
    world_item,
    world_meeting,
    world_referral,
    world_release_alert,
)
from safeplan.testing.perpetrators import world_perpetrator
from safeplan.testing.plans import version_ids_for
from safeplan.testing.resets import world_reset
from safeplan.testing.risk import world_assessment
from safeplan.testing.techsafety import world_scan
from safeplan.testing.timeline import timeline_ids

# A form page's own form (file upload forms declare their encoding).
FORM_TAG = re.compile(r'<form method="post" novalidate( enctype="multipart/form-data")?>')

# The scope each id belongs to: "case" ids are the owning team's; "agency" ids are the agency's.
ID_SCOPES = {
    "case_id": "case",
    "person_id": "case",
    "location_id": "case",
    "share_id": "case",
    "handover_id": "case",
    "user_id": "agency",
    "team_id": "agency",
    # a reset of a user's password or second factor: the user's agency's admins.
    "reset_id": "agency",
    "event_id": "case",
    "obligation_id": "case",
    # timeline: a note of the case (the contact log has no per-contact page).
    "note_id": "case",
    # risk: an assessment of the case; an instrument is content (its id is not a record).
    "assessment_id": "case",
    "instrument_id": "content",
    # evidence: an incident of the case and one of its exhibits.
    "incident_id": "case",
    "attachment_id": "case",
    # plans: two versions of the case's safety plan (a diff takes both).
    "version_id": "case",
    "other_version_id": "case",
    # marac: an area and its protocol versions are the host agency admin's and the area coordinators'.
    "area_id": "marac_area",
    "protocol_id": "marac_area",
    # techsafety: an Android scan report of the case.
    "scan_id": "case",
    # mail that could not be delivered: only the supervisors of the team it was for see it.
    "mail_id": "team_supervisors",
    # a referral: the case's (under cases/) or, in the coordinator's queue, the area coordinators'.
    "referral_id": "marac_referral",
    # a person flagged by the index: only supervisors of an agency holding a record of them.
    "perpetrator_id": "agency_supervisors",
    # a Clare's Law request: the handling team's, like a case.
    "request_id": "case",
    # a meeting: only the area's coordinators open it (partners see cases through need to know).
    "meeting_id": "marac_referral",
    # a case on a meeting's agenda: the area's coordinators, and partners only while they need to know.
    "item_id": "marac_referral",
    # an action: the area's coordinators, and its owning agency while it needs to know.
    "action_id": "marac_referral",
    # an integration's API credentials: only the admin of the agency that made them.
    "credential_id": "agency_admin",
    # a release alert: only the coordinators of the MARAC that heard the case.
    "alert_id": "marac_referral",
    # a neighbourhood's policing briefing: the police of a force that signed the area's protocol, and its coordinators.
    "neighbourhood_id": "marac_briefing",
}
# A bare <pk> is named by the route segment before it.
PK_NAMES = {
    "users": "user_id",
    "teams": "team_id",
    "people": "person_id",
    "locations": "location_id",
    "integrations": "credential_id",
}


def id_names(route: str, pattern: URLPattern) -> dict[str, str]:
    """Return each converter's name in the pattern mapped to the id kind it stands for."""
    names = {}
    for name in pattern.pattern.converters:
        if name == "pk":
            segment = route.split("<int:pk>")[0].rstrip("/").rsplit("/", 1)[-1]
            names[name] = PK_NAMES.get(segment, f"pk after {segment!r}")
        else:
            names[name] = name
    return names


def patterns(resolvers: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def takes_an_id(pattern: URLPattern) -> bool:
    return any(isinstance(converter, IntConverter) for converter in pattern.pattern.converters.values())


def object_patterns() -> list[tuple[str, URLPattern]]:
    found = [(route, p) for route, p in patterns() if takes_an_id(p)]
    assert found, "no URL pattern takes an id: the discovery is broken"
    return found


def id_factories(world: World) -> dict[str, Callable[[], int | str]]:
    """Return, for each kind of id, how to get one object of that kind in the world's case or agency.

    Another app's pages are covered by adding its id kinds here (and to ID_SCOPES).
    """
    return {
        "case_id": lambda: world.case.pk,
        "person_id": lambda: world.suspect.pk,
        "location_id": lambda: world.location.pk,
        "share_id": lambda: world.share.pk,
        "handover_id": lambda: world.handover.pk,
        "user_id": lambda: world.bob.pk,
        "reset_id": lambda: world_reset(world).pk,
        "team_id": lambda: world.north.pk,
        "event_id": lambda: timeline_ids(world)["event_id"],
        "obligation_id": lambda: timeline_ids(world)["obligation_id"],
        "note_id": lambda: timeline_ids(world)["note_id"],
        "assessment_id": lambda: world_assessment(world).pk,
        "instrument_id": lambda: "ric",
        "incident_id": lambda: evidence_ids(world)["incident_id"],
        "attachment_id": lambda: evidence_ids(world)["attachment_id"],
        "version_id": lambda: version_ids_for(world)[0],
        "other_version_id": lambda: version_ids_for(world)[1],
        "area_id": lambda: marac_world(world).area.pk,
        "protocol_id": lambda: marac_world(world).protocol.pk,
        "scan_id": lambda: world_scan(world).pk,
        "mail_id": lambda: undelivered_mail_id(world),
        "referral_id": lambda: world_referral(world).pk,
        "perpetrator_id": lambda: world_perpetrator(world).pk,
        "request_id": lambda: world_request(world).pk,
        "meeting_id": lambda: world_meeting(world).pk,
        "item_id": lambda: world_item(world).pk,
        "action_id": lambda: world_action(world).pk,
        "credential_id": lambda: world_credential(world).pk,
        "alert_id": lambda: world_release_alert(world).pk,
        "neighbourhood_id": lambda: marac_world(world).neighbourhood.pk,
    }


def fill(route: str, pattern: URLPattern, world: World) -> str:
    factories = id_factories(world)
    path = route
    for name, kind in id_names(route, pattern).items():
        if kind not in factories:
            pytest.fail(f"{route}: no fixture for <{name}> ({kind}); add it to ID_SCOPES and id_factories()")
        # Any converter: <int:case_id>, and <str:instrument_id> for content ids.
        path = re.sub(rf"<(?:\w+:)?{name}>", str(factories[kind]()), path)
    return "/" + path.lstrip("^")


def outsiders_for(route: str, pattern: URLPattern, world: World) -> list[User]:
    scopes = {ID_SCOPES.get(kind) for kind in id_names(route, pattern).values()}
    if "case" in scopes:
        return world.outside()
    if "marac_area" in scopes:
        return area_outsiders(world)
    if "team_supervisors" in scopes:
        return [user for user in world.inside() if user.role != Role.SUPERVISOR] + world.outside()
    if "agency_supervisors" in scopes:
        return [user for user in world.inside() + world.outside() if user.role != Role.SUPERVISOR] + [world.olga]
    if "marac_referral" in scopes:
        return referral_outsiders(world)
    if "agency_admin" in scopes:
        return [user for user in world.inside() + world.outside() if user.role != Role.ADMIN] + [world.wanda]
    if "marac_briefing" in scopes:
        return briefing_outsiders(world)
    # Agency-scoped records: everyone in another agency.
    return [world.olga]


def missing(path: str, route: str, pattern: URLPattern, world: World) -> str:
    """Return the path with every id replaced by one that does not exist."""
    filled = route
    for name in pattern.pattern.converters:
        filled = filled.replace(f"<int:{name}>", "987654")
    return "/" + filled


# Rows that any request may write without being a change to the records (sign-in bookkeeping).
IGNORED_MODELS = {"sessions.Session", "axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"}


def snapshot() -> dict[str, int]:
    """Return the number of rows of every model, to show that a refused write changed nothing.

    A refusal may be audited (a contact outside the safe times, say): that is the record of what was
    refused, not a change, so audit events whose verb ends in "_refused" are not counted, nor the chain
    heads they may start. Every other audit event is.
    """
    from safeplan.audit.models import AuditEvent

    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label not in IGNORED_MODELS | {"audit.AuditChainHead"}
    }
    counts["audit.AuditEvent"] = AuditEvent.objects.exclude(verb__endswith="_refused").count()
    return counts
