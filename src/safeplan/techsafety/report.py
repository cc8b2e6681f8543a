"""What the scan report says besides its findings: the caution, the warning before, the steps after.

The same words for the command and the pages, translatable.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

NOT_PROOF = _("Possible signs, not proof; no match proves nothing.")
DEFINITION = _(
    "Stalkerware is software that lets someone watch another person's phone without their agreement and "
    "without a lasting notice on the phone. Having the phone in their hands, unlocking it or knowing the "
    "passcode is not agreement."
)
BEFORE = _(
    "Before you start: turning on USB debugging is visible on the phone. Developer options stay in the "
    "settings, and the phone shows “USB debugging connected” while it is plugged in. If the abuser checks "
    "the phone, plan with the victim when to do this, and turn it all off afterwards."
)
WHAT_TO_DO = (
    _("Do not remove anything now: removing an app can alert the abuser, raise the risk and destroy evidence."),
    _("Plan the next step with the victim: a safe device for private contact, and whether to involve the police."),
    _("Record what was found as an incident on the case before anything on the phone is changed."),
    _("For a known stalkerware match, the Coalition Against Stalkerware and specialist tech abuse services can help."),
)
AFTER = (
    _("In Settings, Developer options, tap “Revoke USB debugging authorisations”."),
    _("Turn USB debugging off, then turn Developer options off (the switch at the top of Developer options)."),
    _("Unplug the phone: the “USB debugging connected” notification goes."),
    _("Note in the case that this was done, in case the abuser asks about it."),
)
KIND_LABELS = {
    "stalkerware": _("Known stalkerware (indicator list match)"),
    "watchware": _("Monitoring app (indicator list match)"),
    "sideloaded": _("Installed outside an app store"),
    "device_admin": _("Device administrator"),
    "accessibility": _("Accessibility service"),
    "notification_listener": _("Reads notifications"),
    "setting": _("Phone setting"),
}
SEVERITY_LABELS = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}


def explain(kind: str, package: str, name: str) -> str:
    """Return why a finding matters, in the reader's language."""
    if kind == "stalkerware":
        return str(_("Its package name is on the stalkerware indicator list as %(name)s.") % {"name": name})
    if kind == "watchware":
        return str(
            _(
                "Its package name is on the list of monitoring apps as %(name)s: it may have been put there to "
                "watch the phone's user, or be used openly (for example a parental control app)."
            )
            % {"name": name}
        )
    if kind == "setting":
        if package == "install_non_market_apps":
            return str(_("Installing apps from unknown sources is allowed."))
        return str(
            _(
                "Play Protect's checking of apps is switched off. "
                "Stalkerware install guides tell the installer to do this."
            )
        )
    return str(REASONS[kind])


REASONS = {
    "sideloaded": _("It was installed outside an app store. Worth a look: many such apps are harmless."),
    "device_admin": _("It is a device administrator: it can lock the phone, wipe it or stop itself being removed."),
    "accessibility": _("It is an accessibility service: it can read what is on the screen and what is typed."),
    "notification_listener": _("It can read every notification, including the text of messages."),
}
