"""The deployment's signatures on evidence: the Ed25519 signature of a bundle's manifest, and the
PDF signature (PAdES) of the chronology that ordinary PDF readers show.

The PDF signature needs an X.509 certificate. A deployment can give its own
(SAFEPLAN_PDF_CERTIFICATE_FILE and SAFEPLAN_PDF_CERTIFICATE_KEY_FILE, PEM, the chain after the
certificate); otherwise a self-signed ECDSA P-256 certificate is derived from the signing key
with HKDF, deterministically, so every app server of a deployment signs with the same one and
nothing more has to be kept secret. (PDF readers do not all check Ed25519 yet; ECDSA P-256 they do.)
"""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from safeplan.domain.signing import SigningKeys, public_key_pem

# The order of the P-256 group: a derived private value must lie in [1, order - 1].
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_VALID_FROM = datetime(2025, 1, 1, tzinfo=UTC)
_VALID_UNTIL = datetime(2125, 1, 1, tzinfo=UTC)
SIGNATURE_FIELD = "EvidenceSignature"


def keys() -> SigningKeys:
    """Return the deployment's signing keys (read and checked once, in settings)."""
    configured: SigningKeys = settings.SIGNING_KEYS
    return configured


def sign_manifest(data: bytes) -> bytes:
    """Return the current key's detached Ed25519 signature of a manifest's exact bytes."""
    return keys().sign(data)


def current_public_key_pem() -> bytes:
    """Return the current signing key's public half as PEM, as it goes into every bundle."""
    return public_key_pem(keys().current.public_key())


def _derived_pdf_key(signing_keys: SigningKeys) -> ec.EllipticCurvePrivateKey:
    seed = signing_keys.current.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    material = HKDF(algorithm=hashes.SHA256(), length=48, salt=None, info=b"safeplan/pdf-certificate/v1").derive(seed)
    # 48 bytes reduced modulo the order: the bias is below 2**-128.
    value = int.from_bytes(material, "big") % (_P256_ORDER - 1) + 1
    return ec.derive_private_key(value, ec.SECP256R1())


def _self_signed(signing_keys: SigningKeys) -> tuple[list[x509.Certificate], ec.EllipticCurvePrivateKey]:
    key = _derived_pdf_key(signing_keys)
    fingerprint = signing_keys.current_fingerprint
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.SERVICE_NAME[:64]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"Ed25519 key {fingerprint[:32]}"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Evidence bundle signature (self-signed)"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(int(hashlib.sha256(fingerprint.encode("ascii")).hexdigest()[:30], 16))
        .not_valid_before(_VALID_FROM)
        .not_valid_after(_VALID_UNTIL)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    )
    return [certificate], key


def _configured() -> tuple[list[x509.Certificate], ec.EllipticCurvePrivateKey] | None:
    if not settings.PDF_CERTIFICATE_FILE:
        return None
    chain = x509.load_pem_x509_certificates(Path(settings.PDF_CERTIFICATE_FILE).read_bytes())
    key = serialization.load_pem_private_key(Path(settings.PDF_CERTIFICATE_KEY_FILE).read_bytes(), password=None)
    return chain, key  # type: ignore[return-value]


@functools.cache
def pdf_certificate_chain() -> tuple[list[x509.Certificate], ec.EllipticCurvePrivateKey]:
    """Return the certificate chain (signer first) and private key that sign the chronology PDF."""
    return _configured() or _self_signed(keys())


def pdf_certificate_pem() -> bytes:
    """Return the PDF signing certificate as PEM, for publishing."""
    return pdf_certificate_chain()[0][0].public_bytes(serialization.Encoding.PEM)


def _signer() -> signers.SimpleSigner:
    chain, key = pdf_certificate_chain()
    as_asn1 = [asn1_x509.Certificate.load(item.public_bytes(serialization.Encoding.DER)) for item in chain]
    private = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return signers.SimpleSigner(
        signing_cert=as_asn1[0], signing_key=private, cert_registry=SimpleCertificateStore.from_certs(as_asn1)
    )


def sign_pdf(source: IO[bytes], target: IO[bytes], *, reason: str) -> None:
    """Write source (a PDF) to target with a PAdES signature over the whole document."""
    writer = IncrementalPdfFileWriter(source, strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        name=settings.SERVICE_NAME,
    )
    signers.sign_pdf(writer, meta, signer=_signer(), output=target)
