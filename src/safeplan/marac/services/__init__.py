"""The marac app's writes, one module per part of the MARAC process (decisions, areas...).

marac_decision_record is re-exported here: it lived in safeplan.marac.services before the
app grew, and other apps' tests import it from there.
"""

from safeplan.marac.services.decisions import marac_decision_record

__all__ = ["marac_decision_record"]
