"""The marac app's models, one module per part of the MARAC process."""

from safeplan.marac.models.areas import MaracArea, Neighbourhood, ProtocolSignature, SharingProtocol
from safeplan.marac.models.decisions import MaracDecision
from safeplan.marac.models.referrals import Consent, LawfulBasis, MaracReferral

__all__ = [
    "Consent",
    "LawfulBasis",
    "MaracArea",
    "MaracDecision",
    "MaracReferral",
    "Neighbourhood",
    "ProtocolSignature",
    "SharingProtocol",
]
