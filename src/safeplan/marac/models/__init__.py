"""The marac app's models, one module per part of the MARAC process."""

from safeplan.marac.models.areas import MaracArea, Neighbourhood, ProtocolSignature, SharingProtocol
from safeplan.marac.models.decisions import MaracDecision
from safeplan.marac.models.meetings import (
    AgendaItem,
    Attendance,
    MaracAction,
    MaracMeeting,
    MeetingInvitation,
    ResearchNote,
    VictimUpdate,
)
from safeplan.marac.models.referrals import Consent, LawfulBasis, MaracReferral
from safeplan.marac.models.releases import ReleaseAlert

__all__ = [
    "AgendaItem",
    "Attendance",
    "Consent",
    "LawfulBasis",
    "MaracAction",
    "MaracArea",
    "MaracDecision",
    "MaracMeeting",
    "MaracReferral",
    "MeetingInvitation",
    "Neighbourhood",
    "ProtocolSignature",
    "ReleaseAlert",
    "ResearchNote",
    "SharingProtocol",
    "VictimUpdate",
]
