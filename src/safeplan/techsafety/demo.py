"""Synthetic tech safety checks and Android scans for the first demo cases, made through the real services.

The scans read an invented phone (below): its apps are made up, except the one package name
taken from the public indicator list so that the report has a match to show.
"""

from __future__ import annotations

import random

from safeplan.cases.models import Case
from safeplan.content.techcheck import tech_check
from safeplan.domain.techscan import DeviceDump, scan
from safeplan.techsafety import services
from safeplan.techsafety.indicatorlist import allow_list, indicator_list
from safeplan.techsafety.models import TechCheck

CHECKS = 8
SCANS = 2
DEMO_PHONE = DeviceDump(
    packages=(
        "package:/system/priv-app/Settings/Settings.apk=com.android.settings installer=null uid:1000\n"
        "package:/data/app/~~demo1==/org.example.demo.notes-a==/base.apk=org.example.demo.notes "
        "installer=com.android.vending uid:10201\n"
        "package:/data/app/~~demo2==/com.apspy.app-b==/base.apk=com.apspy.app "
        "installer=com.google.android.packageinstaller uid:10245\n"
    ),
    settings_global="package_verifier_enable=0\npackage_verifier_user_consent=1\n",
    accessibility="com.apspy.app/com.apspy.app.KeyService\n",
)


def _answers(rng: random.Random) -> dict[str, str | list[str]]:
    check = tech_check()
    answers: dict[str, str | list[str]] = {}
    for question in check.questions:
        if question.kind == "yes_no":
            answers[question.id] = rng.choice(["no", "no", "yes", "unsure"])
        else:
            answers[question.id] = rng.sample(list(question.values()), 2)
    return answers


def load(seed: int = 20261205) -> int:
    """Give the first open demo cases a tech safety check (and two a scan) once; return how many have a check."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    cases = list(Case.objects.filter(is_demo=True, status=Case.Status.OPEN).order_by("reference")[:CHECKS])
    indicators = indicator_list()
    for number, case in enumerate(cases):
        if TechCheck.objects.filter(case=case).exists():
            continue
        actor = case.responsible_officer
        services.techcheck_record(actor=actor, case=case, answers=_answers(rng))
        if number < SCANS:
            findings = scan(DEMO_PHONE, indicators.packages, allowed=allow_list())
            services.techscan_record(
                actor=actor,
                case=case,
                findings=[finding.as_dict() for finding in findings],
                indicators_sha256=indicators.sha256,
                indicators_source=f"{indicators.source}, {indicators.date}",
                device_note="Synthetic demo phone",
            )
    return TechCheck.objects.filter(case__in=cases).values("case").distinct().count()
