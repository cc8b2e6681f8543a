"""The rule set a request is handled under: its nation's content, with the settings that override it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from safeplan.content.disclosure import RuleSet, disclosure_rules
from safeplan.domain.disclosure import Clocks, disclosure_clocks


@dataclass(frozen=True)
class Applied:
    rules: RuleSet
    version: int
    initial_contact_hours: int
    face_to_face_working_days: int
    decision_days: int

    def clocks(self, received_at: datetime) -> Clocks:
        return disclosure_clocks(
            received_at,
            nation=self.rules.nation,
            initial_contact_hours=self.initial_contact_hours,
            face_to_face_working_days=self.face_to_face_working_days,
            decision_days=self.decision_days,
        )


def rules_for(nation: str) -> Applied:
    content = disclosure_rules()
    rules = content.for_nation(nation)
    return Applied(
        rules=rules,
        version=content.version,
        initial_contact_hours=settings.DISCLOSURE_INITIAL_CONTACT_HOURS or rules.initial_contact_hours,
        face_to_face_working_days=settings.DISCLOSURE_FACE_TO_FACE_WORKING_DAYS or rules.face_to_face_working_days,
        decision_days=settings.DISCLOSURE_DECISION_DAYS or rules.decision_days,
    )
