"""The survivor vault: found by a keyed hash of the passphrase, sealed with a key derived from it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.domain.vaultcrypto import (
    DEFAULT_KDF_PARAMS,
    KdfParams,
    VaultDecryptError,
    VaultSecrets,
    derive_key,
    derive_vault_secrets,
    lookup_key,
    new_random_key,
    new_salt,
    open_sealed,
    seal,
)

# Cheap parameters keep the tests fast; the production defaults are pinned separately below.
CHEAP = KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)
PEPPER = bytes(range(32))
OTHER_PEPPER = bytes(range(1, 33))
SALT = bytes(range(16))
PASSPHRASE = "abacus zoom yo-yo t-shirt drop-down felt-tip"
DURESS = "retype doable gravity charred lapdog anaerobic"
AAD = b"vault:7:diary:1"

# Known answers, computed once with hmac and argon2-cffi directly: if these change, every stored
# lookup key and every sealed vault becomes unreachable, so a change must be deliberate.
KNOWN_LOOKUP = "e2537c50b9a9656f4a1cb3720c50005fbb0c327db91f546e0f52fb6f2717dba2"
KNOWN_CHEAP_KEY = "56cb08d7074f118624306593f6ef741e5fe90c5d039c4af4fe7eca7a8db82397"


@pytest.fixture(scope="module")
def key() -> bytes:
    return derive_key(PASSPHRASE, SALT, CHEAP)


# Deriving


def test_the_lookup_key_is_a_labelled_hmac_sha256_of_the_normalised_passphrase() -> None:
    # = HMAC-SHA256(PEPPER, b"safeplan vault lookup v1\0" + b"abacus zoom yo yo t shirt drop down felt tip")
    assert lookup_key(PASSPHRASE, PEPPER) == KNOWN_LOOKUP


def test_the_vault_key_is_argon2id_of_the_normalised_passphrase(key: bytes) -> None:
    # = argon2id(b"abacus zoom yo yo t shirt drop down felt tip", SALT, t=1, m=8 KiB, p=1, 32 bytes)
    assert key.hex() == KNOWN_CHEAP_KEY


def test_the_lookup_key_is_deterministic_and_depends_on_the_pepper() -> None:
    assert lookup_key(PASSPHRASE, PEPPER) == lookup_key(PASSPHRASE, PEPPER)
    assert lookup_key(PASSPHRASE, OTHER_PEPPER) != lookup_key(PASSPHRASE, PEPPER)
    assert lookup_key(DURESS, PEPPER) != lookup_key(PASSPHRASE, PEPPER)


def test_the_key_depends_on_the_salt_and_the_parameters(key: bytes) -> None:
    assert len(key) == 32
    assert derive_key(PASSPHRASE, bytes(16), CHEAP) != key
    assert derive_key(PASSPHRASE, SALT, KdfParams(time_cost=2, memory_cost_kib=8, parallelism=1)) != key
    assert derive_key(PASSPHRASE, SALT, KdfParams(time_cost=1, memory_cost_kib=16, parallelism=1)) != key


def test_the_lookup_key_and_the_vault_key_are_unrelated(key: bytes) -> None:
    assert key.hex() != lookup_key(PASSPHRASE, PEPPER)
    assert lookup_key(PASSPHRASE, key) != lookup_key(PASSPHRASE, PEPPER)


@pytest.mark.parametrize(
    "typed",
    [
        "Abacus Zoom Yo Yo T Shirt Drop Down Felt Tip",
        "abacus  zoom. yo-yo t-shirt, drop-down felt-tip.",
        "ABACUS-ZOOM-YO-YO-T-SHIRT-DROP-DOWN-FELT-TIP",
        " abacus\u2014zoom yo\u2013yo t-shirt drop-down felt-tip\n",
    ],
)
def test_normalised_variants_of_the_passphrase_give_the_same_vault(typed: str, key: bytes) -> None:
    assert lookup_key(typed, PEPPER) == KNOWN_LOOKUP
    assert derive_key(typed, SALT, CHEAP) == key


def test_derive_vault_secrets_gives_the_lookup_and_the_key_for_any_passphrase(key: bytes) -> None:
    lookup, derived = derive_vault_secrets(PASSPHRASE, PEPPER, SALT, CHEAP)
    assert (lookup, derived) == (KNOWN_LOOKUP, key)
    duress = derive_vault_secrets(DURESS, PEPPER, SALT, CHEAP)
    assert duress.lookup == lookup_key(DURESS, PEPPER)
    assert duress.key == derive_key(DURESS, SALT, CHEAP)
    assert duress.lookup != lookup
    assert duress.key != key


def test_the_repr_of_vault_secrets_never_shows_the_key(key: bytes) -> None:
    secrets_ = VaultSecrets(lookup=KNOWN_LOOKUP, key=key)
    assert key.hex() not in repr(secrets_)
    assert repr(key) not in repr(secrets_)
    assert "<32 bytes>" in repr(secrets_)


@pytest.mark.parametrize("empty", ["", "   ", " . - , "])
def test_an_empty_passphrase_finds_and_opens_nothing(empty: str) -> None:
    with pytest.raises(ValueError, match="passphrase is empty"):
        lookup_key(empty, PEPPER)
    with pytest.raises(ValueError, match="passphrase is empty"):
        derive_key(empty, SALT, CHEAP)


@pytest.mark.parametrize("pepper", [b"", b"short", bytes(31)])
def test_a_pepper_shorter_than_32_bytes_is_refused(pepper: bytes) -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        lookup_key(PASSPHRASE, pepper)


@pytest.mark.parametrize("salt", [b"", bytes(15)])
def test_a_salt_shorter_than_16_bytes_is_refused(salt: bytes) -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        derive_key(PASSPHRASE, salt, CHEAP)


def test_new_salts_and_random_keys_are_fresh() -> None:
    assert len(new_salt()) == 16
    assert len({new_salt() for _ in range(100)}) == 100
    assert len(new_random_key()) == 32
    assert len({new_random_key() for _ in range(100)}) == 100


# Parameters


def test_the_default_parameters_are_argon2id_three_passes_over_64_mib_with_one_lane() -> None:
    params = DEFAULT_KDF_PARAMS
    assert (params.time_cost, params.memory_cost_kib, params.parallelism, params.version) == (3, 65536, 1, 19)
    assert DEFAULT_KDF_PARAMS.to_string() == "argon2id$v=19$m=65536,t=3,p=1"


def test_parameters_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_KDF_PARAMS.time_cost = 1  # type: ignore[misc]


@settings(max_examples=100)
@given(
    st.integers(min_value=1, max_value=64),
    st.integers(min_value=1, max_value=16),
    st.integers(min_value=0, max_value=1024 * 1024),
)
def test_parameters_survive_being_stored_as_text(time_cost: int, lanes: int, memory: int) -> None:
    params = KdfParams(time_cost=time_cost, memory_cost_kib=max(memory, 8 * lanes), parallelism=lanes)
    assert KdfParams.from_string(params.to_string()) == params


@pytest.mark.parametrize(
    "text",
    [
        "",
        "argon2i$v=19$m=65536,t=3,p=1",
        "argon2id$v=16$m=65536,t=3,p=1",
        "argon2id$v=19$m=65536,t=0,p=1",
        "argon2id$v=19$m=4,t=3,p=1",
        "argon2id$v=19$m=999999999,t=3,p=1",
        "argon2id$v=19$m=65536,t=3,p=0",
        "argon2id$v=19$m=65536,t=3",
        " argon2id$v=19$m=65536,t=3,p=1",
    ],
)
def test_stored_parameters_that_are_not_sane_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="argon2"):
        KdfParams.from_string(text)


@pytest.mark.parametrize(
    "changes",
    [{"time_cost": 0}, {"parallelism": 17}, {"memory_cost_kib": 7}, {"time_cost": True}, {"version": 16}],
)
def test_parameters_out_of_range_are_refused(changes: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="argon2"):
        dataclasses.replace(CHEAP, **changes)


# Sealing


def test_a_sealed_blob_opens_with_its_key_and_associated_data(key: bytes) -> None:
    blob = seal(key, b"diary entry", AAD)
    assert open_sealed(key, blob, AAD) == b"diary entry"
    assert b"diary entry" not in blob


def test_a_sealed_blob_starts_with_its_version_and_is_exactly_the_expected_length(key: bytes) -> None:
    blob = seal(key, b"x" * 10, AAD)
    assert blob[0] == 1
    assert len(blob) == 1 + 12 + 10 + 16


@settings(max_examples=50)
@given(st.binary(max_size=2000))
def test_any_plaintext_round_trips(plaintext: bytes) -> None:
    key = bytes(range(32))
    assert open_sealed(key, seal(key, plaintext, AAD), AAD) == plaintext


def test_a_wrong_passphrase_does_not_open_the_vault(key: bytes) -> None:
    blob = seal(key, b"diary entry", AAD)
    wrong = derive_key(DURESS, SALT, CHEAP)
    with pytest.raises(VaultDecryptError):
        open_sealed(wrong, blob, AAD)


def test_a_blob_from_one_record_does_not_open_as_another(key: bytes) -> None:
    blob = seal(key, b"diary entry", b"vault:7:diary:1")
    for other in (b"vault:7:diary:2", b"vault:8:diary:1", b"vault:7:plan:1", b"vault:7:diary:1 "):
        with pytest.raises(VaultDecryptError):
            open_sealed(key, blob, other)


@settings(max_examples=200)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_is_detected(position: int, mask: int) -> None:
    key = bytes(range(32))
    blob = bytearray(seal(key, b"the evidence matters", AAD))
    blob[position % len(blob)] ^= mask
    with pytest.raises(VaultDecryptError):
        open_sealed(key, bytes(blob), AAD)


@pytest.mark.parametrize("cut", [b"", b"\x01", b"\x01" + bytes(27)])
def test_a_truncated_blob_is_a_decrypt_error(cut: bytes, key: bytes) -> None:
    with pytest.raises(VaultDecryptError, match="too short"):
        open_sealed(key, cut, AAD)


def test_a_blob_with_bytes_added_or_removed_does_not_open(key: bytes) -> None:
    blob = seal(key, b"diary entry", AAD)
    for altered in (blob + b"\x00", blob[:-1], blob[:1] + blob[2:]):
        with pytest.raises(VaultDecryptError):
            open_sealed(key, altered, AAD)


def test_an_unknown_version_is_a_decrypt_error(key: bytes) -> None:
    blob = seal(key, b"diary entry", AAD)
    with pytest.raises(VaultDecryptError, match="unsupported version"):
        open_sealed(key, b"\x02" + blob[1:], AAD)


def test_every_seal_uses_a_fresh_nonce(key: bytes) -> None:
    blobs = [seal(key, b"same text", AAD) for _ in range(500)]
    assert len({blob[1:13] for blob in blobs}) == 500
    assert len(set(blobs)) == 500


def test_decrypt_errors_reveal_nothing_of_the_key_or_the_plaintext(key: bytes) -> None:
    blob = seal(key, b"secret words", AAD)
    with pytest.raises(VaultDecryptError) as raised:
        open_sealed(bytes(32), blob, AAD)
    message = str(raised.value)
    assert "secret" not in message
    assert key.hex() not in message
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__


@pytest.mark.parametrize("bad_key", [b"", bytes(16), bytes(31), bytes(33)])
def test_a_key_that_is_not_32_bytes_is_a_programming_error(bad_key: bytes) -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        seal(bad_key, b"x", AAD)
    with pytest.raises(ValueError, match="32 bytes"):
        open_sealed(bad_key, bytes(40), AAD)


def test_sealing_without_associated_data_is_refused(key: bytes) -> None:
    with pytest.raises(ValueError, match="associated data"):
        seal(key, b"x", b"")
    with pytest.raises(ValueError, match="associated data"):
        open_sealed(key, seal(key, b"x", AAD), b"")


def test_a_decrypt_error_is_not_a_value_error() -> None:
    # Callers catch VaultDecryptError for "wrong passphrase" without swallowing programming errors.
    assert not issubclass(VaultDecryptError, ValueError)
