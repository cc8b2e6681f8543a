"""The one gate for case pages: case_for to read, editable_case_for to change, caseworker_required for lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.models import User
from safeplan.cases.decorators import caseworker_required
from safeplan.cases.models import BreakGlassAccess, Case, CaseShare
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.personas import World


def test_it_gives_the_owning_teams_caseworkers_the_case_to_change(world: World) -> None:
    for user in world.inside():
        if user.role == "admin":
            continue
        assert editable_case_for(user, world.case.pk) == world.case, user.username


@pytest.mark.parametrize("gate", [case_for, editable_case_for])
def test_it_answers_404_to_outsiders_as_for_a_missing_id(world: World, gate: Callable[[User, int], Case]) -> None:
    for user in [*world.outside(), world.adam]:
        with pytest.raises(Http404):
            gate(user, world.case.pk)
    with pytest.raises(Http404):
        gate(world.alice, 987654)


def test_it_lets_a_team_the_case_is_shared_with_read_but_not_change_it(world: World) -> None:
    reader = world.south_idva
    CaseShare.objects.create(
        case=world.case,
        team=world.south,
        reason="joint work",
        granted_by=world.alice,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert case_for(reader, world.case.pk) == world.case
    with pytest.raises(Http404):
        editable_case_for(reader, world.case.pk)


def test_it_lets_break_glass_read_but_not_change_the_case(world: World) -> None:
    supervisor = world.south_supervisor
    BreakGlassAccess.objects.create(
        case=world.case,
        user=supervisor,
        team=supervisor.team,
        reason="urgent call",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    assert case_for(supervisor, world.case.pk) == world.case
    with pytest.raises(Http404):
        editable_case_for(supervisor, world.case.pk)


def test_it_lets_only_caseworkers_through_to_a_list_page(world: World) -> None:
    @caseworker_required
    def page(request: AuthenticatedHttpRequest) -> HttpResponse:
        return HttpResponse("the list")

    request = RequestFactory().get("/cases/")
    request.user = world.charlie
    assert page(request).content == b"the list"
    request.user = world.adam
    with pytest.raises(Http404):
        page(request)
