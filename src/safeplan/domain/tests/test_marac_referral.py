"""A referral's grounds under one MARAC's thresholds, and its consent rule."""

from __future__ import annotations

import pytest

from safeplan.domain.marac import (
    ReferralError,
    ReferralProblem,
    Thresholds,
    check_referral,
    consent_required,
    is_automatic,
    referral_grounds,
)

DEFAULT = Thresholds()
CAMBS = Thresholds(automatic_from=17, consent_needed_below_automatic=True)


def grounds(yes: int = 0, incidents: int = 0, judgement: bool = False, repeat: bool = False, t: Thresholds = DEFAULT):
    return referral_grounds(
        yes_count=yes, incidents_last_12_months=incidents, judgement_high=judgement, repeat=repeat, thresholds=t
    )


def test_the_grounds_follow_the_areas_thresholds() -> None:
    assert grounds(13) == ()
    assert grounds(14) == ("visible_high_risk",)
    assert grounds(12, t=Thresholds(visible_high_risk_from=12)) == ("visible_high_risk",)
    assert grounds(0, incidents=3) == ("potential_escalation",)
    assert grounds(0, incidents=3, t=Thresholds(escalation_incidents=4)) == ()
    assert grounds(20, 5, judgement=True, repeat=True) == GROUNDS_ALL


GROUNDS_ALL = ("visible_high_risk", "professional_judgement", "potential_escalation", "repeat")


def test_automatic_referral_and_consent_below_it() -> None:
    assert not is_automatic(30, DEFAULT)
    assert is_automatic(17, CAMBS)
    assert not is_automatic(16, CAMBS)
    assert consent_required(16, CAMBS)
    assert not consent_required(17, CAMBS)
    assert not consent_required(0, DEFAULT)


def check(consent: str, reason: str = "", basis: str = "", yes: int = 15, t: Thresholds = DEFAULT) -> None:
    check_referral(
        grounds=grounds(yes, t=t),
        yes_count=yes,
        consent=consent,
        no_consent_reason=reason,
        lawful_basis=basis,
        thresholds=t,
    )


@pytest.mark.parametrize(
    ("args", "field", "code"),
    [
        (("given", "", "", 3), None, ReferralProblem.NO_GROUNDS),
        (("maybe",), "consent", ReferralProblem.UNKNOWN_CONSENT),
        (("refused",), "no_consent_reason", ReferralProblem.REASON_NEEDED),
        (("refused", "afraid of reprisals"), "lawful_basis", ReferralProblem.BASIS_NEEDED),
        (
            ("not_asked_unsafe", "he reads her phone", "prevent_crime", 15, CAMBS),
            "consent",
            ReferralProblem.CONSENT_NEEDED,
        ),
    ],
)
def test_it_refuses_with_a_typed_error(args: tuple, field: str | None, code: ReferralProblem) -> None:
    with pytest.raises(ReferralError) as refused:
        check(*args)
    assert refused.value.field == field
    assert refused.value.code == code


def test_it_accepts_consent_or_a_reason_with_a_basis() -> None:
    check("given")
    check("given", yes=15, t=CAMBS)
    check("refused", "afraid of reprisals", "vital_interests")
    check("not_asked_unsafe", "he reads her phone", "prevent_crime", yes=18, t=CAMBS)
