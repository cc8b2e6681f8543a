"""Writes to safety plans. Each runs in one transaction with its audit entry.

A plan is built in a server-side draft, one step at a time (coping strategies first, then
circumstances, choices and parts), and saved as a new immutable version. Saving a version
answers the case's open plan review obligations (``timeline.services.obligations_answer``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as SchemaError

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import permissions
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case, Person
from safeplan.content.measures import knowledge_base
from safeplan.plans import building
from safeplan.plans.models import SafetyPlan, SafetyPlanDraft, SafetyPlanItem, SafetyPlanVersion
from safeplan.plans.plandata import (
    TEXT_PARTS,
    CircumstancesAnswers,
    ItemChoice,
    Parts,
    PlanData,
    SurvivorSnapshot,
)
from safeplan.timeline.models import Obligation
from safeplan.timeline.services import obligations_answer
from safeplan.versioned import NEW, StaleVersion, claim_version

# How far ahead a review may be set: the guidance wants plans reviewed, not left for years.
MAX_REVIEW_DAYS = 366


def _require_edit(actor: User, case: Case) -> None:
    """Refuse anyone outside the owning team, and any change to the plan of a closed case."""
    if not permissions.can_edit(actor, case):
        raise PermissionDenied
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is closed. Reopen it before changing the safety plan."))


def case_has_children(case: Case) -> bool:
    """Return True if a child is recorded among the case's people."""
    return case.people.filter(role=Person.Role.CHILD).exists()


def _latest(case: Case) -> SafetyPlanVersion | None:
    return SafetyPlanVersion.objects.filter(plan__case=case).prefetch_related("items").order_by("-number").first()


def _locked_draft(actor: User, case: Case, version: int) -> tuple[SafetyPlanDraft, PlanData]:
    """Return the case's draft moved past the version the actor loaded, or raise StaleVersion.

    With version NEW (the actor saw no draft) a draft is started from the latest plan version;
    if someone else started one meanwhile, that is a change the actor has not seen.
    """
    draft = SafetyPlanDraft.objects.select_for_update().filter(case=case).first()
    if draft is not None:
        claim_version(draft, version)
        return draft, PlanData.from_stored(draft.data)
    if version != NEW:
        # Saved as a version or discarded by someone else since the actor loaded it.
        raise StaleVersion(None)
    latest = _latest(case)
    data = building.data_from_version(latest) if latest is not None else PlanData()
    try:
        with transaction.atomic():
            draft = SafetyPlanDraft.objects.create(
                case=case, based_on=latest, data=data.stored(), started_by=actor, updated_by=actor
            )
    except IntegrityError:
        raise StaleVersion(SafetyPlanDraft.objects.filter(case=case).first()) from None
    return draft, data


def _store(actor: User, case: Case, draft: SafetyPlanDraft, data: PlanData, step: str) -> SafetyPlanDraft:
    draft.data = data.stored()
    draft.updated_by = actor
    draft.save(update_fields=["data", "updated_by", "updated_at"])
    record(
        actor=actor,
        verb=Verb.PLAN_DRAFT_SAVED,
        target=draft,
        case_id=case.pk,
        detail={"step": step, "based_on_version": draft.based_on.number if draft.based_on else None},
    )
    return draft


def _coping_first(data: PlanData) -> None:
    if not data.coping_recorded:
        raise ValidationError(
            _("First record what the victim already does to stay safe (step 1), before anything else in the plan.")
        )


def draft_record_coping(
    *, actor: User, case: Case, coping_strategies: str, none_yet: bool, version: int
) -> SafetyPlanDraft:
    """Record step 1: what the victim already does to stay safe (or that they do nothing yet)."""
    _require_edit(actor, case)
    text = coping_strategies.strip()
    if not text and not none_yet:
        raise ValidationError(
            {
                "coping_strategies": _(
                    "Write what the victim already does to stay safe, or tick that they do nothing yet."
                )
            }
        )
    if text and none_yet:
        raise ValidationError({"none_yet": _("Either write what the victim does, or tick that they do nothing yet.")})
    free_text_check(actor=actor, case=case, texts={"coping_strategies": text})
    with transaction.atomic():
        draft, data = _locked_draft(actor, case, version)
        data = data.model_copy(update={"coping_recorded": True, "coping_strategies": text})
        return _store(actor, case, draft, data, "coping")


def draft_record_circumstances(
    *, actor: User, case: Case, situation: str, answers: dict[str, str], version: int
) -> SafetyPlanDraft:
    """Record step 2: the situation and the answers ("yes", "no" or "not_sure") to the circumstances questions."""
    _require_edit(actor, case)
    if answers.get("has_children") == "no" and answers.get("child_contact_arrangements") in ("yes", "not_sure"):
        raise ValidationError(
            {"child_contact_arrangements": _("You said there are no children: answer no, or change the first answer.")}
        )
    if answers.get("has_children") == "no" and case_has_children(case):
        raise ValidationError({"has_children": _("Children are recorded in this case: answer yes or not sure.")})
    try:
        circumstances = CircumstancesAnswers(situation=situation, answers=answers)  # type: ignore[arg-type]
    except SchemaError as error:
        raise ValidationError(_("The answers are not valid: %(error)s") % {"error": error.errors()[0]["msg"]}) from None
    with transaction.atomic():
        draft, data = _locked_draft(actor, case, version)
        _coping_first(data)
        data = data.model_copy(update={"circumstances": circumstances})
        return _store(actor, case, draft, data, "circumstances")


def draft_record_choices(
    *, actor: User, case: Case, choices: dict[str, ItemChoice | None], version: int
) -> SafetyPlanDraft:
    """Record step 3: for each measure shown, the victim's choice (None to leave it out of the plan)."""
    _require_edit(actor, case)
    known = set(knowledge_base().ids())
    unknown = sorted(set(choices) - known)
    if unknown:
        raise ValidationError(_("Unknown measures: %(ids)s") % {"ids": ", ".join(unknown)})
    free_text_check(
        actor=actor,
        case=case,
        texts={f"m-{measure_id}-note": choice.note for measure_id, choice in choices.items() if choice is not None},
    )
    with transaction.atomic():
        draft, data = _locked_draft(actor, case, version)
        _coping_first(data)
        if data.circumstances is None:
            raise ValidationError(_("Answer the questions about the victim's circumstances first (step 2)."))
        kept = [item for item in data.items if item.measure_id not in choices]
        chosen = [choice for choice in choices.values() if choice is not None]
        data = data.model_copy(update={"items": tuple(kept + chosen)})
        return _store(actor, case, draft, data, "measures")


def draft_record_parts(*, actor: User, case: Case, parts: Parts, version: int) -> SafetyPlanDraft:
    """Record step 4: the emergency bag, contacts and code words, places, rooms and routes, children, technology."""
    _require_edit(actor, case)
    free_text_check(actor=actor, case=case, texts={name: parts.text(name) for name in TEXT_PARTS})
    with transaction.atomic():
        draft, data = _locked_draft(actor, case, version)
        _coping_first(data)
        data = building.with_parts(data, parts)
        return _store(actor, case, draft, data, "parts")


def draft_discard(*, actor: User, case: Case) -> None:
    """Throw the draft away; the saved versions are untouched."""
    _require_edit(actor, case)
    with transaction.atomic():
        draft = SafetyPlanDraft.objects.select_for_update().filter(case=case).first()
        if draft is None:
            return
        record(actor=actor, verb=Verb.PLAN_DRAFT_DISCARDED, target=draft, case_id=case.pk, detail={})
        draft.delete()


def _check_review_date(next_review_on: date | None) -> None:
    today = timezone.localdate()
    if next_review_on is None:
        raise ValidationError({"next_review_on": _("Enter the date of the next review.")})
    if next_review_on <= today:
        raise ValidationError({"next_review_on": _("The next review must be after today.")})
    if (next_review_on - today).days > MAX_REVIEW_DAYS:
        raise ValidationError({"next_review_on": _("Set the next review within a year.")})


def _new_version(
    *,
    actor: User,
    case: Case,
    data: PlanData,
    source: str,
    reason: str,
    next_review_on: date | None,
    change_note: str,
) -> SafetyPlanVersion:
    plan, _created = SafetyPlan.objects.get_or_create(case=case, defaults={"created_by": actor})
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    number = (plan.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    assert data.circumstances is not None
    version = SafetyPlanVersion.objects.create(
        plan=plan,
        number=number,
        created_by=actor,
        source=source,
        reason=reason,
        coping_strategies=data.coping_strategies,
        circumstances=data.circumstances.model_dump(mode="json"),
        parts=building.version_parts(data, case_has_children=case_has_children(case)),
        change_note=change_note.strip(),
        next_review_on=next_review_on,
    )
    SafetyPlanItem.objects.bulk_create(SafetyPlanItem(version=version, **item) for item in building.version_items(data))
    return version


def version_save(
    *, actor: User, case: Case, reason: str, next_review_on: date | None, change_note: str = "", version: int
) -> SafetyPlanVersion:
    """Save the draft as the plan's next version, answer any open plan review, and drop the draft.

    version is the draft's version the actor reviewed: a draft changed since is not saved unseen.
    """
    _require_edit(actor, case)
    if reason not in SafetyPlanVersion.Reason.values or reason == SafetyPlanVersion.Reason.SURVIVOR_SHARED:
        raise ValidationError({"reason": _("Choose why this version is being saved.")})
    _check_review_date(next_review_on)
    free_text_check(actor=actor, case=case, texts={"change_note": change_note})
    with transaction.atomic():
        draft = SafetyPlanDraft.objects.select_for_update().filter(case=case).first()
        if draft is None:
            if version != NEW:
                raise StaleVersion(None)
            raise ValidationError(_("There is nothing to save: start with step 1, what the victim already does."))
        if draft.version != version:
            raise StaleVersion(draft)
        data = PlanData.from_stored(draft.data)
        problems = building.problems_before_saving(data)
        if problems:
            raise ValidationError(problems)
        has_versions = SafetyPlanVersion.objects.filter(plan__case=case).exists()
        if reason == SafetyPlanVersion.Reason.FIRST and has_versions:
            raise ValidationError({"reason": _("This case already has a plan: choose why it is being reviewed.")})
        saved = _new_version(
            actor=actor,
            case=case,
            data=data,
            source=SafetyPlanVersion.Source.BUILT,
            reason=reason,
            next_review_on=next_review_on,
            change_note=change_note,
        )
        draft.delete()
        answered = obligations_answer(actor=actor, case=case, kind=Obligation.Kind.REVIEW_PLAN, answer_id=saved.pk)
        record(
            actor=actor,
            verb=Verb.PLAN_VERSION_SAVED,
            target=saved,
            case_id=case.pk,
            detail={
                "version": saved.number,
                "reason": str(reason),
                "items": len(data.items),
                "answered_reviews": len(answered),
            },
        )
    return saved


def plan_import_from_survivor(*, actor: User, case: Case, snapshot: dict[str, Any]) -> SafetyPlanVersion:
    """Save a survivor's shared plan as the case's next version, and return it.

    The survivor space calls this when a survivor shares their plan with a professional
    (after the one-time code has tied the share to ``case``). The actor is the professional
    who accepts the share and must be able to edit the case. Any draft in progress is left
    alone; the new version is the plan as the survivor made it.

    ``snapshot`` is validated strictly (``plandata.SurvivorSnapshot``): unknown keys, unknown
    measure ids, unknown codes, wrong types or text over 4,000 characters raise
    ``ValidationError`` and nothing is saved. Its format::

        {
          "coping_strategies": "What I already do ...",        # str, may be ""
          "circumstances": {
            "situation": "living_with_abuser" | "planning_to_leave" | "after_separation",
            "answers": {"has_children": true, "abuser_checks_accounts": null, ...}
              # keys: content.measures.CIRCUMSTANCE_FLAGS; true / false / null (not sure);
              # a missing answer counts as not sure, i.e. yes (Circumstances.from_answers)
          },
          "items": [                                              # at most 500, one per measure
            {"measure_id": "change_passwords",                    # a knowledge base measure id
             "status": "will_do" | "already_doing" | "not_now" | "not_safe",
             "note": "..."}                                       # optional, who does what
          ],
          "parts": {                                              # optional; every key optional
            "bag_wanted": false, "bag_ticked": ["bag_money", ...],  # emergency_bag measure ids
            "contacts": "", "code_words": "", "safe_places": "", "safe_rooms": "",
            "escape_routes": "", "bag_notes": "", "children_what_to_do": "",
            "children_where_to_go": "", "children_calling_999": "",
            "children_school_collection": "", "child_contact_handovers": "",
            "technology_notes": ""
          }
        }

    The items are recorded with the victim as the one who acts. The wording and any caution
    shown are copied from the knowledge base as it is now, tailored to the snapshot's
    circumstances; the next review is left for the professional to set in the next version.
    """
    _require_edit(actor, case)
    try:
        parsed = SurvivorSnapshot.model_validate(snapshot)
    except SchemaError as error:
        problems = [f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()]
        raise ValidationError(problems) from None
    data = PlanData(
        coping_recorded=True,
        coping_strategies=parsed.coping_strategies.strip(),
        circumstances=parsed.circumstances.as_answers(),
        items=tuple(
            ItemChoice(measure_id=item.measure_id, status=item.status, actor="victim", note=item.note.strip())
            for item in parsed.items
        ),
        parts=parsed.parts,
    )
    with transaction.atomic():
        version = _new_version(
            actor=actor,
            case=case,
            data=data,
            source=SafetyPlanVersion.Source.SURVIVOR,
            reason=SafetyPlanVersion.Reason.SURVIVOR_SHARED,
            next_review_on=None,
            change_note="",
        )
        record(
            actor=actor,
            verb=Verb.PLAN_VERSION_IMPORTED,
            target=version,
            case_id=case.pk,
            detail={"version": version.number, "items": len(data.items)},
        )
    return version


def plan_viewed(*, actor: User, case: Case, version: SafetyPlanVersion, compared_with: int | None = None) -> None:
    """Record that the actor read a version of the plan (or compared two)."""
    detail: dict[str, Any] = {"version": version.number}
    if compared_with is not None:
        detail["compared_with"] = compared_with
    record(actor=actor, verb=Verb.PLAN_VIEWED, target=version, case_id=case.pk, detail=detail)


def plan_printed(*, actor: User, case: Case, version: SafetyPlanVersion, output: str, discreet: bool) -> None:
    """Record that the actor printed or downloaded a version of the plan."""
    record(
        actor=actor,
        verb=Verb.PLAN_PRINTED,
        target=version,
        case_id=case.pk,
        detail={"version": version.number, "format": output, "discreet": discreet},
    )
