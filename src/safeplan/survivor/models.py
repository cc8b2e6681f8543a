"""Survivor spaces: encrypted vaults with no account, their share codes, and unlock attempt counts.

Nothing here names a person. A vault is found only by the keyed hash of its passphrase; a
duress vault is an ordinary vault whose (encrypted) content says it is a notes space, so the
rows of a real space and of a duress space look alike. A share row has no link to its vault:
the vault's own encrypted content lists the shares it made.
"""

from __future__ import annotations

from django.db import models


class Vault(models.Model):
    """One survivor space.

    ``sealed_data_key`` is a random data key sealed (AES-256-GCM) under the key argon2id derives
    from the passphrase with ``salt`` and ``kdf_params``; ``content`` is the space's JSON
    document sealed under the data key. Changing the passphrase re-seals only the data key.
    """

    lookup = models.CharField(max_length=64, unique=True)
    salt = models.BinaryField()
    kdf_params = models.CharField(max_length=80)
    sealed_data_key = models.BinaryField()
    content = models.BinaryField()

    def __str__(self) -> str:
        return "vault"


class VaultShare(models.Model):
    """A one-time code that lets a professional import a copy of a survivor's plan.

    ``snapshot`` is sealed under argon2id(code, salt): the server cannot read it without the
    code. It is emptied when the code is used or revoked.
    """

    lookup = models.CharField(max_length=64, unique=True)
    salt = models.BinaryField()
    kdf_params = models.CharField(max_length=80)
    snapshot = models.BinaryField()
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "share"


class Attempt(models.Model):
    """A failed unlock or share-code attempt, kept only as long as the rate-limit window.

    ``bucket`` is a keyed hash of what is limited (a client address, or "all"), never the
    address itself.
    """

    bucket = models.CharField(max_length=80)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["bucket", "at"])]

    def __str__(self) -> str:
        return "attempt"


class VaultBlob(models.Model):
    """A file attached to a space's diary (a photo or document), sealed under the space's data key.

    The row holds nothing readable: the file's type, size and SHA-256 are in the space's sealed
    diary, which names the blob by its id. Deleting the space deletes its blobs.
    """

    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return "blob"
