from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "safeplan.timeline"
    label = "timeline"
    verbose_name = "Timeline, trigger points and deadlines"

    def ready(self) -> None:
        from safeplan.cases import closing, facts, handovers, home, panels, textscan
        from safeplan.timeline.closing import open_obligation_items
        from safeplan.timeline.models import CaseEvent, CaseNote, Contact, NotificationRecord, Obligation
        from safeplan.timeline.panel import (
            home_against_context,
            home_tasks_context,
            notes_panel_context,
            timeline_panel_context,
        )
        from safeplan.timeline.selectors import by_next_due, fill_case_facts
        from safeplan.timeline.services import obligations_follow_handover

        panels.register(
            order=30, template="timeline/_case_panel.html", context=timeline_panel_context, nav_label=_("Timeline")
        )
        handovers.register(obligations_follow_handover)
        home.register(order=10, template="timeline/_home_tasks.html", context=home_tasks_context)
        home.register(order=15, template="timeline/_home_against.html", context=home_against_context)
        panels.register(
            order=35,
            template="timeline/_notes_panel.html",
            context=notes_panel_context,
            nav_label=_("Notes and contacts"),
            anchor="section-notes",
        )
        facts.register(fill_case_facts)
        closing.register(open_obligation_items)
        facts.register_ordering(facts.Ordering("next_due", _("Next due first"), by_next_due))
        # The event's own fields (bail conditions) are kept as written and shown masked.
        textscan.register(CaseEvent, ("details",), case_field="case", mutable=True)
        textscan.register(Obligation, ("completion_note",), case_field="case", mutable=True)
        textscan.register(NotificationRecord, ("what_was_said",), case_field="case", mutable=True)
        textscan.register(CaseNote, ("text", "correction_reason"), case_field="case", mutable=False)
        textscan.register(Contact, ("summary", "emergency_reason"), case_field="case", mutable=False)
