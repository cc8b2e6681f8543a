"""The deployment's public signing keys, published for anyone who has to check a bundle offline."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from safeplan.domain.manifest import MANIFEST_NAME, PUBLIC_KEY_NAME, SIGNATURE_NAME
from safeplan.domain.signing import public_key_pem
from safeplan.evidence import signing
from safeplan.evidence.bundle import CHRONOLOGY_NAME


def _published() -> list[dict[str, str | bool]]:
    keys = signing.keys()
    return [
        {"fingerprint": name, "pem": public_key_pem(key).decode("ascii"), "current": name == keys.current_fingerprint}
        for name, key in keys.trusted.items()
    ]


@require_safe
def evidence_keys(request: HttpRequest) -> HttpResponse:
    """Show every public key whose signatures this deployment accepts, and how to check a bundle with them."""
    certificate = signing.pdf_certificate_chain()[0][0]
    return render(
        request,
        "evidence/keys.html",
        {
            "keys": _published(),
            "certificate_pem": signing.pdf_certificate_pem().decode("ascii"),
            "certificate_sha256": hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest(),
            "certificate_subject": certificate.subject.rfc4514_string(),
            "manifest": MANIFEST_NAME,
            "signature": SIGNATURE_NAME,
            "public_key": PUBLIC_KEY_NAME,
            "chronology": CHRONOLOGY_NAME,
        },
    )


@require_safe
def evidence_keys_pem(request: HttpRequest) -> HttpResponse:
    """Return every accepted public key as PEM, current key first, for scripts."""
    keys = sorted(_published(), key=lambda item: not item["current"])
    response = HttpResponse("".join(str(item["pem"]) for item in keys), content_type="application/x-pem-file")
    response.headers["Content-Disposition"] = 'attachment; filename="evidence-signing-keys.pem"'
    return response
