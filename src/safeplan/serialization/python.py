"""Django's python format, writing confidential fields sealed (see safeplan.serialization)."""

from __future__ import annotations

from django.core.serializers import python

from safeplan.serialization import OpeningDeserializer, SealingSerializer


class Serializer(SealingSerializer, python.Serializer):
    pass


class Deserializer(OpeningDeserializer, python.Deserializer):
    pass
