"""Which Victims' Code right each notify obligation serves, for compliance figures per right.

The Victims' Code 2020 (professional anchors, section 4): right 6 is information about the
investigation (arrest, interview, release, bail, charge, no further action); right 8 is
information about the hearings (the witness care unit's dates); right 9 is the verdict and the
sentence explained; right 11 is information about the offender's release. A notify obligation
of an event type not named here serves right 6 when the police single point of contact owns
it and right 8 when witness care does, as the event rules (content/events.yaml) assign them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RIGHTS = {
    6: _("Right 6: information about the investigation"),
    8: _("Right 8: information about the trial and hearings"),
    9: _("Right 9: the outcome of the case"),
    11: _("Right 11: information about the offender's release"),
}

BY_EVENT_TYPE = {
    "first_hearing": 8,
    "trial_date_set": 8,
    "verdict": 9,
    "sentencing": 9,
    "release_from_prison": 11,
}


def right_for(event_type: str | None, owner_role: str) -> int:
    """Return the number of the right a notify obligation of this event type and owner serves."""
    if event_type in BY_EVENT_TYPE:
        return BY_EVENT_TYPE[event_type]
    return 8 if owner_role == "witness_care" else 6
