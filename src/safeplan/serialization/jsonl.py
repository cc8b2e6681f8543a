"""Django's jsonl format, writing confidential fields sealed (see safeplan.serialization)."""

from __future__ import annotations

from django.core.serializers import jsonl

from safeplan.serialization import OpeningDeserializer, SealingSerializer


class Serializer(SealingSerializer, jsonl.Serializer):
    pass


class Deserializer(OpeningDeserializer, jsonl.Deserializer):
    pass
