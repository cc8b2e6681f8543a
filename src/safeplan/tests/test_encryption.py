"""Sensitive free text and JSON objects are encrypted at rest with a key id, and keys rotate by command."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from safeplan.cases.models import ConfidentialLocation, SafeContact
from safeplan.domain.fieldcrypto import Keyring, decrypt_text, parse_keyring
from safeplan.encryption import keyring
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.risk.models import AssessmentDraft

pytestmark = pytest.mark.django_db

K1 = b"\x01" * 32
K2 = b"\x02" * 32


def raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return str(cursor.fetchone()[0])


def test_values_carry_their_key_id_and_rotate_to_the_new_key(settings: object, world: World) -> None:
    earlier = dict(settings.FIELD_KEYRING.keys)  # type: ignore[attr-defined]
    settings.FIELD_KEYRING = Keyring(keys={"k1": K1, **earlier}, current="k1")  # type: ignore[attr-defined]
    location = ConfidentialLocation.objects.create(
        case=world.case, kind="refuge", address=SECRET_ADDRESS, created_by=world.alice
    )
    contact = SafeContact.objects.get(case=world.case)
    contact.code_word = "bluebell"
    contact.save()
    assert raw("cases_confidentiallocation", "address", location.pk).startswith("v1:k1:")

    settings.FIELD_KEYRING = Keyring(keys={"k2": K2, "k1": K1, **earlier}, current="k2")  # type: ignore[attr-defined]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "now under key 'k2'" in out.getvalue()
    assert raw("cases_confidentiallocation", "address", location.pk).startswith("v1:k2:")
    assert raw("cases_safecontact", "code_word", contact.pk).startswith("v1:k2:")

    # Every value in the database is now under k2: the old keys can go.
    settings.FIELD_KEYRING = parse_keyring("k2:" + base64.b64encode(K2).decode())  # type: ignore[attr-defined]
    assert ConfidentialLocation.objects.get(pk=location.pk).address == SECRET_ADDRESS
    assert SafeContact.objects.get(pk=contact.pk).code_word == "bluebell"


def test_ciphertext_moved_to_another_column_does_not_decrypt(world: World) -> None:
    contact = SafeContact.objects.get(case=world.case)
    contact.code_word = "bluebell"
    contact.save()
    stolen = raw("cases_safecontact", "code_word", contact.pk)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_safecontact SET notes = %s WHERE id = %s", [stolen, contact.pk])
    with pytest.raises(ValueError, match=r"decrypt|context|authent"):
        SafeContact.objects.get(pk=contact.pk)


def _draft(world: World, data: Any) -> AssessmentDraft:
    return AssessmentDraft.objects.create(
        case=world.case, user=world.alice, instrument_id="ric", data=data, expires_at=timezone.now()
    )


def test_an_empty_json_object_is_encrypted_like_a_full_one(world: World) -> None:
    empty = _draft(world, {})
    stored = raw("risk_assessmentdraft", "data", empty.pk)
    assert stored.startswith("v1:")
    assert "{}" not in stored
    assert AssessmentDraft.objects.get(pk=empty.pk).data == {}


def test_a_json_field_refuses_anything_but_an_object(world: World) -> None:
    for wrong in (None, [], "{}", 3):
        with pytest.raises(TypeError, match="holds a JSON object"), transaction.atomic():
            _draft(world, wrong)
    assert not AssessmentDraft.objects.exists()


def test_a_json_column_left_empty_reads_as_an_empty_object(world: World) -> None:
    draft = _draft(world, {"q1": "yes"})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE risk_assessmentdraft SET data = '' WHERE id = %s", [draft.pk])
    assert AssessmentDraft.objects.get(pk=draft.pk).data == {}


def test_the_same_object_always_encrypts_the_same_plain_text(world: World) -> None:
    first = _draft(world, {"b": "no", "a": "yes", "ü": "ja"})
    field = AssessmentDraft._meta.get_field("data")
    plain = decrypt_text(keyring(), raw("risk_assessmentdraft", "data", first.pk), field.context())  # type: ignore[attr-defined]
    assert plain == '{"a":"yes","b":"no","ü":"ja"}'
    assert AssessmentDraft.objects.get(pk=first.pk).data == {"a": "yes", "b": "no", "ü": "ja"}
