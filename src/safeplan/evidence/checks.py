"""Check an evidence bundle someone brings back: its signature, its manifest, and, when this service
exported it, every exhibit against the hashes the service recorded and the whole file against the
SHA-256 recorded at export.

A forger who changes an exhibit and recomputes its hash in the manifest breaks the signature; one
who also holds the signing key still cannot change the hashes recorded here when each exhibit was
added, nor the export's own record in the audit trail.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.models import AuditEvent
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.cases.selectors import visible_cases
from safeplan.domain.hashchain import to_json_value
from safeplan.domain.manifest import BundleVerification, Manifest, manifest_to_json, sha256_stream, verify_bundle
from safeplan.evidence import signing
from safeplan.evidence.bundle import EXHIBITS_FOLDER
from safeplan.evidence.models import Attachment

# exhibits/EX-001.jpg, or exhibits/EX-001-location-removed.jpg for a shared copy.
_EXHIBIT = re.compile(rf"{EXHIBITS_FOLDER}/EX-(\d+)(-location-removed)?\.[A-Za-z0-9]+")
# Bundle members are stored, not compressed, so their sizes add up to about the ZIP's own size;
# far more means a ZIP bomb, which would be decompressed and hashed in full.
BOMB_SLACK_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class BundleCheck:
    """The verdict on a bundle: the manifest check, the export it came from, and every problem in words."""

    verification: BundleVerification
    sha256: str
    known_export: AuditEvent | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def summary(self) -> str:
        """Return the verdict and one line per problem, for the command line."""
        if self.ok:
            return self.verification.summary
        count = len(self.problems)
        lines = [f"The bundle failed verification ({count} problem{'s' if count != 1 else ''}):"]
        return "\n".join([*lines, *(f"- {problem}" for problem in self.problems)])


def manifest_created_at(manifest: Manifest) -> str:
    """Return the manifest's time of export exactly as manifest.json writes it."""
    value: str = to_json_value(manifest.created_at)
    return value


def manifest_sha256(manifest: Manifest) -> str:
    """Return the SHA-256 of the manifest's canonical JSON, as recorded at export."""
    return hashlib.sha256(manifest_to_json(manifest)).hexdigest()


def _expands_too_far(upload: IO[bytes], size: int) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except Exception:  # zipfile raises many kinds of error; verify_bundle reports a damaged file itself
        return False
    finally:
        upload.seek(0)
    return expanded > 2 * size + BOMB_SLACK_BYTES


def _find_export(digest: str, manifest: Manifest | None, cases: QuerySet[Case]) -> AuditEvent | None:
    exports = AuditEvent.objects.filter(verb=Verb.BUNDLE_EXPORTED, case_id__in=cases.values("pk"))
    exact = exports.filter(detail__sha256=digest).order_by("-id").first()
    if exact is not None or manifest is None:
        return exact
    # A changed file has another SHA-256: find the export by the case and time its manifest names.
    case = cases.filter(reference=manifest.reference).first()
    if case is None:
        return None
    return exports.filter(case_id=case.pk, detail__created_at=manifest_created_at(manifest)).order_by("-id").first()


def _held_problems(digest: str, manifest: Manifest, export: AuditEvent) -> list[str]:
    """Return how the bundle differs from what this service recorded when it made it."""
    problems = []
    when = export.occurred_at.strftime("%d %b %Y %H:%M")
    if export.detail.get("sha256") != digest:
        problems.append(
            _(
                "This is not the file exported on %(when)s: its SHA-256 is not the one recorded at export, "
                "so it has been changed since"
            )
            % {"when": when}
        )
    recorded_manifest = export.detail.get("manifest_sha256")
    if recorded_manifest and recorded_manifest != manifest_sha256(manifest):
        problems.append(_("manifest.json is not the manifest this service wrote at export"))
    if export.detail.get("chain_head") not in (None, manifest.chain_head):
        problems.append(_("The record chain head in the manifest is not the one recorded at export"))
    held = {
        attachment.number: attachment
        for attachment in Attachment.objects.filter(case_id=export.case_id or 0).select_related("shared_copy")
    }
    for item in manifest.files:
        match = _EXHIBIT.fullmatch(item.path)
        if match is None:
            continue
        attachment = held.get(int(match.group(1)))
        if attachment is None:
            problems.append(_("%(path)s is not an exhibit of this case") % {"path": item.path})
            continue
        copy = getattr(attachment, "shared_copy", None)
        expected = (copy.sha256 if copy is not None else None) if match.group(2) else attachment.sha256
        if item.sha256 != expected:
            problems.append(
                _(
                    "%(path)s is not the exhibit this service holds: its SHA-256 differs from the one "
                    "recorded when it was added"
                )
                % {"path": item.path}
            )
    return problems


def check_bundle(upload: IO[bytes], *, cases: QuerySet[Case]) -> BundleCheck:
    """Check the bundle's signature and manifest, and compare it with its export among cases, if any."""
    digest = sha256_stream(upload)
    size = upload.tell()
    upload.seek(0)
    if _expands_too_far(upload, size):
        verification = BundleVerification(
            ok=False, problems=[_("The files inside the ZIP are far larger than the ZIP itself: it is not a bundle")]
        )
    else:
        verification = verify_bundle(upload, trusted_keys=signing.keys().trusted)
    known = _find_export(digest, verification.manifest, cases)
    problems = list(verification.problems)
    if known is not None and verification.manifest is not None:
        problems += _held_problems(digest, verification.manifest, known)
    return BundleCheck(verification=verification, sha256=digest, known_export=known, problems=problems)


def bundle_check(*, actor: User, upload: IO[bytes]) -> BundleCheck:
    """Check an uploaded bundle, comparing it with its export if that is in a case the user may see; audit it."""
    check = check_bundle(upload, cases=visible_cases(actor))
    with transaction.atomic():
        record(
            actor=actor,
            verb=Verb.BUNDLE_VERIFIED,
            case_id=check.known_export.case_id if check.known_export else None,
            detail={
                "intact": check.ok,
                "sha256": check.sha256,
                "changed": len(check.verification.changed),
                "problems": len(check.problems),
                "signed_by": check.verification.signed_by or "",
            },
        )
    return check
