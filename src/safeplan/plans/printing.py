"""The victim's plan to print or download: the same template for the page and the PDF.

The discreet copy has a neutral title and names no one: not the victim, the abuser, anyone
else on the case, the agency, the service or the case. Free text typed by staff is redacted of
those names, and of the case's confidential addresses, too.
WeasyPrint fetches nothing from the network: its only source is our own static files, read
from disk.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from safeplan.cases.freetext import redactor_for
from safeplan.cases.models import Case, ConfidentialLocation, Person
from safeplan.content.helplines import helplines
from safeplan.plans import presentation
from safeplan.plans.models import SafetyPlanVersion

TEMPLATE = "plans/print/plan.html"
FILENAME = "safety-plan.pdf"
DISCREET_FILENAME = "notes.pdf"


def neutral_title() -> str:
    return _("My notes")


def _address_terms(case: Case) -> list[str]:
    """Return each confidential address of the case whole and line by line, to be left out, never shown."""
    terms: list[str] = []
    for address in ConfidentialLocation.objects.filter(case=case).values_list("address", flat=True):
        terms.append(" ".join(address.split()))
        terms.extend(part.strip() for part in re.split(r"[\n,]+", address) if part.strip())
    return terms


def print_context(case: Case, version: SafetyPlanVersion, *, discreet: bool) -> dict[str, Any]:
    """Return the print template's context.

    The discreet copy carries no name, agency, service, reference, place, code word or password. Free text
    typed into the plan (contacts, code words, safe places, the school's collection password, notes on each
    step, what she already does) can name any of these in ways no redaction can be sure to find, so the
    discreet copy prints none of it: only the steps in the guidance's words, their cautions and the bag list.
    Names on the case are still masked in what remains, as a second net.
    """
    people = list(case.people.all())
    victim = next((p for p in people if p.role == Person.Role.VICTIM), None)
    if discreet:
        # Everyone on the case, children included: a child's name identifies the family as well.
        names = [p.full_name for p in people] + [p.other_names for p in people if p.other_names]
        redact = presentation.redactor(
            presentation.discreet_terms(
                names=names,
                others=[
                    case.reference,
                    case.team.agency.name,
                    case.team.name,
                    settings.SERVICE_NAME,
                    *_address_terms(case),
                ],
            )
        )
        sections = presentation.sections(version, statuses=presentation.IN_THE_PLAN, redact=redact, typed_text=False)
    else:
        sections = presentation.sections(version, statuses=presentation.IN_THE_PLAN)
    return {
        "discreet": discreet,
        "title": neutral_title() if discreet else _("Safety plan"),
        "case": None if discreet else case,
        "victim_name": "" if discreet or victim is None else victim.full_name,
        "agency": "" if discreet else case.team.agency.name,
        "spoc": None if discreet else case.spoc,
        "version": version,
        "coping": "" if discreet else version.coping_strategies,
        # Every copy, discreet or not, masks the case's confidential locations (safeplan.cases.freetext).
        "redactor": redactor_for(case),
        "sections": sections,
        "set_aside": presentation.set_aside(version),
        "emergency": helplines().by_id("emergency"),
    }


BODY_TEMPLATE = "plans/print/plan_body.html"


def languages_for(case: Case) -> list[str]:
    """Return the languages the victim's copy is written in, the first leading.

    The victim's recorded language; where nobody has asked yet, Welsh then English while the
    service offers Welsh (the Welsh Language Standards: unknown means bilingual, Welsh first).
    """
    offered = [code for code, _name in settings.LANGUAGES]
    victim = case.people.filter(role=Person.Role.VICTIM).first()
    chosen = victim.language if victim is not None else ""
    if chosen in offered:
        return [chosen]
    if "cy" in offered and settings.UNKNOWN_LANGUAGE_BILINGUAL:
        return ["cy", *[code for code in offered if code != "cy"]]
    return [translation.get_language() or settings.LANGUAGE_CODE]


def render_html(
    request: HttpRequest | None, case: Case, version: SafetyPlanVersion, *, discreet: bool, for_pdf: bool
) -> str:
    """Return the print page: the plan in each of the victim's languages, the toolbar in the reader's."""
    parts = []
    context: dict[str, Any] = {}
    for language in languages_for(case):
        with translation.override(language):
            context = print_context(case, version, discreet=discreet)
            body = render_to_string(BODY_TEMPLATE, {**context, "for_pdf": for_pdf}, request=request)
            parts.append({"language": language, "body": body, "title": context["title"]})
    shell = {
        **context,
        "title": parts[0]["title"],
        "parts": parts,
        "document_language": parts[0]["language"],
        "for_pdf": for_pdf,
    }
    return render_to_string(TEMPLATE, shell, request=request)


def _static_file(url: str) -> bytes:
    """Return the bytes of one of our static files named by its URL path; refuse anything else."""
    path = unquote(urlsplit(url).path)
    prefix = settings.STATIC_URL
    if not path.startswith(prefix) or ".." in path.split("/"):
        raise ValueError(f"not one of our static files: {url}")
    relative = path[len(prefix) :]
    candidates = []
    if settings.STATIC_ROOT:
        # A storage without local paths raises: fall back to the finders.
        with contextlib.suppress(Exception):
            candidates.append(staticfiles_storage.path(relative))
    found = finders.find(relative)
    if found:
        candidates.append(str(found))
    for candidate in candidates:
        try:
            with open(candidate, "rb") as handle:
                return handle.read()
        except OSError:
            continue
    raise ValueError(f"no such static file: {relative}")


def pdf_bytes(html: str, *, base_url: str) -> bytes:
    """Return the PDF of the print page. Any resource other than our static files is refused, never fetched."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serve our static files from disk; refuse every other URL (no network, no file:, no data:)."""

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            body = _static_file(url)
            mime = "text/css" if url.split("?")[0].endswith(".css") else "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    document = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher())
    return bytes(document.write_pdf())
