"""The marac app's models, one module per part of the MARAC process."""

from safeplan.marac.models.areas import MaracArea, Neighbourhood, ProtocolSignature, SharingProtocol
from safeplan.marac.models.decisions import MaracDecision

__all__ = ["MaracArea", "MaracDecision", "Neighbourhood", "ProtocolSignature", "SharingProtocol"]
