"""What changed between two versions of a plan. Plain Python: the pages turn a version into a PlanState.

A diff reads from the older state to the newer one: items added and removed, each item's
status, owner, note and date, the free-text parts, the bag checklist, the coping strategies
and the circumstances answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ITEM_FIELDS = ("status", "actor", "note", "due_on")


@dataclass(frozen=True)
class ItemState:
    measure_id: str
    title: Any
    status: str
    actor: str = ""
    note: str = ""
    due_on: date | None = None


@dataclass(frozen=True)
class PlanState:
    coping: str
    situation: str
    answers: Mapping[str, str]
    items: tuple[ItemState, ...]
    parts: Mapping[str, str]
    bag_wanted: bool = False
    bag_ticked: frozenset[str] = field(default_factory=frozenset)
    next_review_on: date | None = None


@dataclass(frozen=True)
class Change:
    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class ItemChange:
    before: ItemState
    after: ItemState
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[ItemState, ...] = ()
    removed: tuple[ItemState, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    parts: tuple[Change, ...] = ()
    bag_ticked_added: tuple[str, ...] = ()
    bag_ticked_removed: tuple[str, ...] = ()
    bag_wanted: Change | None = None
    coping: Change | None = None
    circumstances: tuple[Change, ...] = ()
    next_review: Change | None = None

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.added,
                self.removed,
                self.changed,
                self.parts,
                self.bag_ticked_added,
                self.bag_ticked_removed,
                self.bag_wanted,
                self.coping,
                self.circumstances,
                self.next_review,
            )
        )


def _changed(name: str, before: Any, after: Any) -> Change | None:
    return Change(name, before, after) if before != after else None


def _mapping_changes(before: Mapping[str, Any], after: Mapping[str, Any], default: Any) -> tuple[Change, ...]:
    names = list(before) + [name for name in after if name not in before]
    found = (_changed(name, before.get(name, default), after.get(name, default)) for name in names)
    return tuple(change for change in found if change is not None)


def diff(old: PlanState, new: PlanState) -> PlanDiff:
    """Return what changed from the old state to the new one."""
    old_items = {item.measure_id: item for item in old.items}
    new_items = {item.measure_id: item for item in new.items}
    changed = []
    for measure_id, after in new_items.items():
        before = old_items.get(measure_id)
        if before is None:
            continue
        changes = tuple(
            change
            for name in ITEM_FIELDS
            if (change := _changed(name, getattr(before, name), getattr(after, name))) is not None
        )
        if changes:
            changed.append(ItemChange(before, after, changes))
    situation = _changed("situation", old.situation, new.situation)
    return PlanDiff(
        added=tuple(item for measure_id, item in new_items.items() if measure_id not in old_items),
        removed=tuple(item for measure_id, item in old_items.items() if measure_id not in new_items),
        changed=tuple(changed),
        parts=_mapping_changes(old.parts, new.parts, ""),
        bag_ticked_added=tuple(sorted(new.bag_ticked - old.bag_ticked)),
        bag_ticked_removed=tuple(sorted(old.bag_ticked - new.bag_ticked)),
        bag_wanted=_changed("bag_wanted", old.bag_wanted, new.bag_wanted),
        coping=_changed("coping", old.coping, new.coping),
        circumstances=((situation,) if situation else ()) + _mapping_changes(old.answers, new.answers, "not_sure"),
        next_review=_changed("next_review_on", old.next_review_on, new.next_review_on),
    )
