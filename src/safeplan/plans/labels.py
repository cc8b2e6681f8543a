"""Words shown for the codes a plan uses: statuses, actors, plan parts and the circumstances questions.

The codes come from the content (``safeplan.content.measures``); a start-up check
(``plans.checks``) fails if a code has no label here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# What the victim decided about one measure.
STATUS_LABELS: dict[str, StrPromise] = {
    "will_do": _("I will do this"),
    "already_doing": _("I already do this"),
    "not_now": _("Not now"),
    "not_safe": _("Not safe for me"),
}
# The same, as the professional reads it in lists and diffs.
STATUS_SHORT: dict[str, StrPromise] = {
    "will_do": _("Will do"),
    "already_doing": _("Already doing"),
    "not_now": _("Not now"),
    "not_safe": _("Not safe for the victim"),
}

# How the tailoring offered the measure.
SUGGESTION_LABELS: dict[str, StrPromise] = {
    "suggested": _("Suggested"),
    "suggested_with_caution": _("Suggested with a caution"),
    "not_safe": _("Not safe in these circumstances"),
    "not_suggested": _("Not suggested for these circumstances"),
}

ACTOR_LABELS: dict[str, StrPromise] = {
    "victim": _("The victim"),
    "idva": _("IDVA"),
    "police": _("Police"),
    "housing": _("Housing"),
    "school": _("School or nursery"),
    "employer": _("Employer"),
    "gp": _("GP or health service"),
    "friends_family": _("Friends or family"),
    "court": _("Court"),
    "fire_service": _("Fire service"),
}
# In the survivor's own plan the victim is "you".
ACTOR_LABELS_SURVIVOR: dict[str, StrPromise] = {**ACTOR_LABELS, "victim": _("You")}

PART_LABELS: dict[str, StrPromise] = {
    "safe_rooms_and_escape": _("Safe rooms and escape routes"),
    "contacts_and_code_words": _("Emergency contacts and code words"),
    "emergency_bag": _("Emergency bag"),
    "safe_places_and_people": _("Safe places and people"),
    "children": _("The children's plan"),
    "child_contact_handover": _("Safe handovers for child contact"),
    "home_security": _("Home security"),
    "technology": _("Phones, computers and accounts"),
    "general": _("Other things in the plan"),
}

SITUATION_LABELS: dict[str, StrPromise] = {
    "living_with_abuser": _("Living with the abuser"),
    "planning_to_leave": _("Planning to leave (still living with the abuser)"),
    "after_separation": _("Living apart from the abuser, after separating"),
}

ANSWER_LABELS: dict[str, StrPromise] = {"yes": _("Yes"), "no": _("No"), "not_sure": _("Not sure")}

# The circumstances questions: (question, hint). Every Circumstances flag has one.
QUESTIONS: dict[str, tuple[StrPromise, StrPromise | str]] = {
    "has_children": (_("Are there children in the family?"), _("Children of the victim or of the abuser.")),
    "child_contact_arrangements": (
        _("Do the children spend time with the abuser?"),
        _("For example contact visits or handovers. Answer no if there are no children."),
    ),
    "abuser_has_device_access": (
        _("Can the abuser see or use the victim's phone, tablet or computer?"),
        _("Now, or in the past if they may still know the codes."),
    ),
    "abuser_checks_accounts": (
        _("Does the abuser check the victim's accounts as part of their control?"),
        _("For example email, social media or banking."),
    ),
    "abuser_controls_money": (_("Does the abuser control or watch the victim's money?"), ""),
    "uses_abuser_messages_to_know_movements": (
        _("Does the victim read the abuser's messages to know when they are angry or coming?"),
        _("Blocking the abuser could take this warning away."),
    ),
    "neighbours_or_family_may_side_with_abuser": (
        _("Might neighbours, friends or family pass things on to the abuser?"),
        "",
    ),
    "neighbours_knowing_would_expose_victim": (
        _("Would neighbours learning about the abuse put the victim at other risk?"),
        _("For example, being outed, or harm from their community."),
    ),
    "works": (_("Does the victim work or study?"), ""),
    "has_car_or_satnav": (_("Is there a car or satnav the victim uses or the abuser can check?"), ""),
    "smart_devices_set_up_by_abuser": (
        _("Did the abuser set up smart devices at home?"),
        _("For example a video doorbell, cameras or a smart speaker."),
    ),
    "weapons_used_or_available": (
        _("Has the abuser used weapons, or are there weapons to hand at home?"),
        _("Including kitchen knives and tools used as weapons."),
    ),
    "arson_risk": (_("Has the abuser threatened or tried to set fire to the home?"), ""),
    "disability_or_health_needs": (_("Does the victim have a disability or health needs that affect the plan?"), ""),
    "immigration_status_worries": (_("Is the victim worried about their immigration status?"), ""),
    "socially_isolated": (
        _("Is the victim isolated, or in a community where contacting the police is hard?"),
        "",
    ),
    "victim_aged_16_or_17": (_("Is the victim aged 16 or 17?"), ""),
}
