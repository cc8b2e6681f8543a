"""Reads of safety plans. The case has already passed ``cases.selectors.case_for``; ids outside it are 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases import permissions
from safeplan.cases.facts import CaseFacts
from safeplan.cases.models import Case
from safeplan.plans.diff import ItemState, PlanState
from safeplan.plans.models import SafetyPlanDraft, SafetyPlanVersion
from safeplan.plans.plandata import TEXT_PARTS, PlanData
from safeplan.versioned import NEW


def versions(case: Case) -> QuerySet[SafetyPlanVersion]:
    """Return the case's plan versions, newest first."""
    return SafetyPlanVersion.objects.filter(plan__case=case).select_related("created_by").order_by("-number")


def fill_case_facts(found: dict[int, CaseFacts]) -> None:
    """Set whether each case has a saved safety plan (cases.facts), in one query."""
    for case_id in (
        SafetyPlanVersion.objects.filter(plan__case_id__in=list(found))
        .order_by()
        .values_list("plan__case_id", flat=True)
        .distinct()
    ):
        found[case_id].has_plan = True


def latest_version(case: Case) -> SafetyPlanVersion | None:
    return versions(case).first()


def version_for(case: Case, version_id: int) -> SafetyPlanVersion:
    """Return one version of the case's plan, with its items; 404 if it belongs to another case."""
    version = versions(case).prefetch_related("items").filter(pk=version_id).first()
    if version is None:
        raise Http404
    return version


def draft_for(case: Case) -> SafetyPlanDraft | None:
    return SafetyPlanDraft.objects.filter(case=case).select_related("started_by", "updated_by", "based_on").first()


def draft_version(case: Case) -> int:
    """Return the version of the case's draft (safeplan.versioned), or NEW when there is none."""
    return SafetyPlanDraft.objects.filter(case=case).values_list("version", flat=True).first() or NEW


def draft_data(case: Case) -> tuple[SafetyPlanDraft | None, PlanData]:
    """Return the draft and its data; without a draft, the latest version's data (or an empty plan)."""
    from safeplan.plans.building import data_from_version

    draft = draft_for(case)
    if draft is not None:
        return draft, PlanData.from_stored(draft.data)
    latest = versions(case).prefetch_related("items").first()
    return None, data_from_version(latest) if latest is not None else PlanData()


def state_of(version: SafetyPlanVersion) -> PlanState:
    """Return the version as the diff compares it."""
    answers = version.circumstances_answers()
    parts = version.plan_parts()
    return PlanState(
        coping=version.coping_strategies,
        situation=answers.situation,
        answers=dict(answers.answers),
        items=tuple(
            ItemState(
                measure_id=item.measure_id,
                title=item.title_text,
                status=item.status,
                actor=item.actor,
                note=item.owner_note,
                due_on=item.due_on,
            )
            for item in version.items.all()
        ),
        parts={name: parts.text(name) for name in TEXT_PARTS},
        bag_wanted=parts.bag_wanted,
        bag_ticked=frozenset(parts.bag_ticked),
        next_review_on=version.next_review_on,
    )


def panel_context(case: Case, user: User) -> dict[str, Any]:
    """Return the case page's plan panel: the current version, its date, the next review, any draft."""
    current = latest_version(case)
    today = timezone.localdate()
    return {
        "plan_current": current,
        "plan_review_overdue": bool(current and current.next_review_on and current.next_review_on < today),
        "plan_draft": SafetyPlanDraft.objects.filter(case=case).only("updated_at", "case_id").first(),
        "plan_can_edit": permissions.can_edit(user, case),
    }
