"""Django's json format, writing confidential fields sealed (see safeplan.serialization)."""

from __future__ import annotations

from django.core.serializers import json

from safeplan.serialization import OpeningDeserializer, SealingSerializer


class Serializer(SealingSerializer, json.Serializer):
    pass


class Deserializer(OpeningDeserializer, json.Deserializer):
    pass
