"""Sensitive free text in professional records is encrypted at rest, with a key id in each value."""

from __future__ import annotations

import base64
import dataclasses
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safeplan.domain.fieldcrypto import (
    FieldDecryptError,
    Keyring,
    UnknownKeyError,
    decrypt_text,
    encrypt_text,
    generate_key,
    needs_rotation,
    parse_keyring,
    rotate,
)

K1 = bytes(range(32))
K2 = bytes(range(100, 132))
K1_TEXT = base64.b64encode(K1).decode()
K2_TEXT = base64.b64encode(K2).decode()
OLD = Keyring(keys={"k1": K1}, current="k1")
NEW = Keyring(keys={"k2": K2, "k1": K1}, current="k2")
CONTEXT = "cases.SafeContact.details:42"
TOKEN_SHAPE = re.compile(r"^v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]+)$")
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

keys = st.binary(min_size=32, max_size=32)


# Encrypting and decrypting


def test_a_value_round_trips_under_its_context() -> None:
    token = encrypt_text(NEW, "Call only on Tuesdays after 2pm; never by text.", CONTEXT)
    assert decrypt_text(NEW, token, CONTEXT) == "Call only on Tuesdays after 2pm; never by text."


@settings(max_examples=200)
@given(st.text(), st.text(min_size=1))
def test_any_text_round_trips(plaintext: str, context: str) -> None:
    assert decrypt_text(NEW, encrypt_text(NEW, plaintext, context), context) == plaintext


def test_a_value_names_its_key_and_hides_its_text() -> None:
    token = encrypt_text(NEW, "lives at 12 Example Road", CONTEXT)
    match = TOKEN_SHAPE.match(token)
    assert match is not None
    assert match.group(1) == "k2"
    assert "Example" not in token
    # nonce (12) + ciphertext (24) + tag (16) bytes, base64url without padding
    assert len(base64.urlsafe_b64decode(match.group(2) + "==")) == 12 + 24 + 16


def test_the_same_text_encrypts_differently_each_time() -> None:
    tokens = {encrypt_text(NEW, "same", CONTEXT) for _ in range(200)}
    assert len(tokens) == 200


def test_a_value_stored_under_one_context_does_not_decrypt_under_another() -> None:
    token = encrypt_text(NEW, "code word: bluebell", "cases.SafeContact.details:42")
    for other in ("cases.SafeContact.details:43", "cases.Person.notes:42", "cases.SafeContact.details:42 "):
        with pytest.raises(FieldDecryptError, match="does not decrypt"):
            decrypt_text(NEW, token, other)


def test_a_context_is_required() -> None:
    with pytest.raises(ValueError, match="context"):
        encrypt_text(NEW, "x", "")
    with pytest.raises(ValueError, match="context"):
        decrypt_text(NEW, encrypt_text(NEW, "x", CONTEXT), "")


@settings(max_examples=200)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=63))
def test_any_changed_character_of_the_data_is_detected(position: int, shift: int) -> None:
    token = encrypt_text(NEW, "the victim's new address", CONTEXT)
    prefix, data = token.rsplit(":", 1)
    index = position % len(data)
    replacement = BASE64URL[(BASE64URL.index(data[index]) + shift) % 64]
    altered = f"{prefix}:{data[:index]}{replacement}{data[index + 1 :]}"
    with pytest.raises(FieldDecryptError):
        decrypt_text(NEW, altered, CONTEXT)


def test_a_value_relabelled_with_another_key_id_does_not_decrypt() -> None:
    token = encrypt_text(NEW, "secret", CONTEXT)
    with pytest.raises(FieldDecryptError, match="does not decrypt"):
        decrypt_text(NEW, token.replace("v1:k2:", "v1:k1:"), CONTEXT)


def test_a_value_under_another_key_with_the_same_id_does_not_decrypt() -> None:
    token = encrypt_text(NEW, "secret", CONTEXT)
    impostor = Keyring(keys={"k2": K1}, current="k2")
    with pytest.raises(FieldDecryptError, match="does not decrypt"):
        decrypt_text(impostor, token, CONTEXT)


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("", "not an encrypted field"),
        ("plain text someone typed", "not an encrypted field"),
        ("v1:k1", "not an encrypted field"),
        ("v1:k1:abc:def", "not an encrypted field"),
        ("v2:k1:" + "A" * 40, "unsupported version"),
        ("v1:k 1:" + "A" * 40, "malformed key id"),
        ("v1::" + "A" * 40, "malformed key id"),
        ("v1:k1:" + "A" * 39 + "+", "not base64url"),
        ("v1:k1:" + "A" * 39 + "=", "not base64url"),
        ("v1:k1:", "not base64url"),
        ("v1:k1:" + "A" * 36, "too short"),
        ("v1:k1:" + "A" * 38 + "B", "not canonical"),
    ],
)
def test_a_malformed_value_is_a_decrypt_error(token: str, problem: str) -> None:
    with pytest.raises(FieldDecryptError, match=problem):
        decrypt_text(NEW, token, CONTEXT)


# Key ids and rotation


def test_a_value_under_a_key_the_keyring_does_not_hold_names_the_missing_key() -> None:
    token = encrypt_text(NEW, "secret", CONTEXT)
    with pytest.raises(UnknownKeyError, match="'k2'") as raised:
        decrypt_text(OLD, token, CONTEXT)
    assert raised.value.key_id == "k2"
    assert isinstance(raised.value, FieldDecryptError)


def test_a_value_under_an_older_key_needs_rotation_and_rotates_to_the_current_key() -> None:
    old_token = encrypt_text(OLD, "never call the landline", CONTEXT)
    assert not needs_rotation(OLD, old_token)
    assert needs_rotation(NEW, old_token)
    assert decrypt_text(NEW, old_token, CONTEXT) == "never call the landline"

    rotated = rotate(NEW, old_token, CONTEXT)
    assert rotated.startswith("v1:k2:")
    assert not needs_rotation(NEW, rotated)
    only_new = Keyring(keys={"k2": K2}, current="k2")
    assert decrypt_text(only_new, rotated, CONTEXT) == "never call the landline"


def test_rotating_a_current_value_leaves_it_unchanged() -> None:
    token = encrypt_text(NEW, "x", CONTEXT)
    assert rotate(NEW, token, CONTEXT) == token


def test_rotation_checks_the_context() -> None:
    old_token = encrypt_text(OLD, "x", CONTEXT)
    with pytest.raises(FieldDecryptError):
        rotate(NEW, old_token, "cases.Person.notes:1")


def test_rotation_of_a_value_whose_key_is_gone_fails_naming_the_key() -> None:
    old_token = encrypt_text(OLD, "x", CONTEXT)
    with pytest.raises(UnknownKeyError, match="'k1'"):
        rotate(Keyring(keys={"k2": K2}, current="k2"), old_token, CONTEXT)


# The keyring


def test_the_first_key_in_the_spec_is_the_current_one() -> None:
    keyring = parse_keyring(f"k2:{K2_TEXT},k1:{K1_TEXT}")
    assert keyring.current == "k2"
    assert dict(keyring.keys) == {"k2": K2, "k1": K1}
    assert decrypt_text(keyring, encrypt_text(OLD, "x", CONTEXT), CONTEXT) == "x"
    assert encrypt_text(keyring, "x", CONTEXT).startswith("v1:k2:")


def test_spaces_and_line_breaks_around_entries_are_allowed() -> None:
    keyring = parse_keyring(f"  k2 : {K2_TEXT} ,\n k1:{K1_TEXT}\n")
    assert keyring.current == "k2"
    assert dict(keyring.keys) == {"k2": K2, "k1": K1}


def test_generated_keys_are_fresh_32_byte_keys_that_parse() -> None:
    generated = {generate_key() for _ in range(50)}
    assert len(generated) == 50
    assert all(len(base64.b64decode(key, validate=True)) == 32 for key in generated)
    key = generated.pop()
    assert parse_keyring(f"new_key-1:{key}").key("new_key-1") == base64.b64decode(key)


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("", "empty"),
        (" , ", "empty"),
        (K1_TEXT, "entry 1 is not of the form"),
        ("k1:", "entry 1 is not of the form"),
        (f":{K1_TEXT}", "entry 1 is not of the form"),
        (f"k1:{K1_TEXT},", "entry 2 is not of the form"),
        (f"bad id:{K1_TEXT}", "entry 1: the key id must be 1 to 32 characters"),
        (f"{'k' * 33}:{K1_TEXT}", "entry 1: the key id must be 1 to 32 characters"),
        (f"k.1:{K1_TEXT}", "entry 1: the key id must be 1 to 32 characters"),
        ("k1:not base64!", r"entry 1 \('k1'\): the key is not valid base64"),
        (f"k1:{base64.urlsafe_b64encode(bytes([251]) * 32).decode()}", "not valid base64"),
        (f"k1:{base64.b64encode(bytes(16)).decode()}", r"entry 1 \('k1'\): the key must be 32 bytes"),
        (f"k1:{base64.b64encode(bytes(33)).decode()}", "must be 32 bytes"),
        (f"k1:{K1_TEXT},k2:{K2_TEXT},k1:{K2_TEXT}", "entry 3: the key id 'k1' is repeated"),
    ],
)
def test_a_bad_keyring_spec_is_refused_with_a_clear_message(spec: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        parse_keyring(spec)


def fragments(secret: str) -> set[str]:
    """Return every 8-character piece of a secret, so a partial leak is caught too."""
    return {secret[start : start + 8] for start in range(len(secret) - 7)}


@settings(max_examples=100)
@given(keys, keys)
def test_key_material_never_appears_in_a_keyring_error(first: bytes, second: bytes) -> None:
    first_text = base64.b64encode(first).decode()
    second_text = base64.b64encode(second).decode()
    assume(first_text != second_text)
    bad_specs = [
        first_text,  # the key alone, no id
        f"{first_text}:k1",  # id and key swapped
        f"{first_text}:{second_text}",  # a key where the id goes
        f"k1:{first_text[:-4]}",  # a key cut short
        f"k1:{first_text}!",  # not base64
        f"k1:{first_text}{second_text}",  # two keys run together
        f"k1:{first_text},k1:{second_text}",  # repeated id
        f"k1:{first_text},{second_text}",  # second entry without an id
    ]
    for spec in bad_specs:
        with pytest.raises(ValueError, match="keyring") as raised:
            parse_keyring(spec)
        message = str(raised.value)
        leaked = (fragments(first_text) | fragments(second_text)) & fragments(message)
        assert not leaked, (spec, message)
        assert raised.value.__cause__ is None


def test_the_repr_of_a_keyring_shows_ids_only() -> None:
    shown = repr(NEW)
    assert shown == "Keyring(current='k2', key_ids=['k1', 'k2'])"
    assert K1_TEXT not in shown
    assert repr(K1) not in shown


def test_a_keyring_cannot_be_changed_after_it_is_made() -> None:
    source = {"k1": K1}
    keyring = Keyring(keys=source, current="k1")
    source["k1"] = K2
    source["k9"] = K2
    assert dict(keyring.keys) == {"k1": K1}
    with pytest.raises(TypeError):
        keyring.keys["k1"] = K2  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        keyring.current = "k9"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("keys_", "current", "problem"),
    [
        ({}, "k1", "no keys"),
        ({"k1": bytes(16)}, "k1", "must be 32 bytes"),
        ({"bad id": K1}, "bad id", "key ids must be"),
        ({"k1": K1}, "k2", "current key id is not in the keyring"),
    ],
)
def test_a_keyring_with_bad_keys_cannot_be_made(keys_: dict[str, bytes], current: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        Keyring(keys=keys_, current=current)
