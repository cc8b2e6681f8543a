"""Django's pyyaml format, writing confidential fields sealed (see safeplan.serialization)."""

from __future__ import annotations

from django.core.serializers import pyyaml

from safeplan.serialization import OpeningDeserializer, SealingSerializer


class Serializer(SealingSerializer, pyyaml.Serializer):
    pass


class Deserializer(OpeningDeserializer, pyyaml.Deserializer):
    pass
