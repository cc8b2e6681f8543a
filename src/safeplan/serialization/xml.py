"""XML dumps are refused: the XML deserializer cannot open the sealed person fields (see safeplan.serialization)."""

from __future__ import annotations

from typing import Any

from django.core.serializers import base, xml_serializer


class Serializer(xml_serializer.Serializer):
    def serialize(self, *args: Any, **kwargs: Any) -> Any:
        raise base.SerializationError(
            "safeplan does not write XML dumps: use json, which keeps confidential fields sealed"
        )


class Deserializer(xml_serializer.Deserializer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise base.DeserializationError("safeplan does not read XML dumps: use json")
