"""The fixed body regions of the injury body map, with the shapes that draw them.

Shapes are SVG elements in a 200 x 220 viewBox: a figure from the front (left half, centred on
x=50) and from the back (right half, centred on x=150). Left and right are the person's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Region:
    code: str
    label: str | Promise
    # (element name, attributes) pairs drawn for the region.
    shapes: tuple[tuple[str, str], ...]


REGIONS: tuple[Region, ...] = (
    Region("head", _("Head and scalp"), (("circle", 'cx="150" cy="20" r="14"'),)),
    Region("face", _("Face"), (("circle", 'cx="50" cy="20" r="14"'),)),
    Region(
        "neck",
        _("Neck and throat"),
        (("rect", 'x="44" y="34" width="12" height="8"'), ("rect", 'x="144" y="34" width="12" height="8"')),
    ),
    Region("chest", _("Chest"), (("rect", 'x="34" y="42" width="32" height="30"'),)),
    Region("abdomen", _("Stomach"), (("rect", 'x="34" y="72" width="32" height="28"'),)),
    Region("back", _("Back"), (("rect", 'x="134" y="42" width="32" height="58"'),)),
    Region("groin", _("Groin and genitals"), (("rect", 'x="36" y="100" width="28" height="14"'),)),
    Region("buttocks", _("Buttocks"), (("rect", 'x="136" y="100" width="28" height="14"'),)),
    Region(
        "left_arm",
        _("Left arm"),
        (("rect", 'x="67" y="44" width="10" height="56"'), ("rect", 'x="123" y="44" width="10" height="56"')),
    ),
    Region(
        "right_arm",
        _("Right arm"),
        (("rect", 'x="23" y="44" width="10" height="56"'), ("rect", 'x="167" y="44" width="10" height="56"')),
    ),
    Region(
        "left_hand",
        _("Left hand and wrist"),
        (("circle", 'cx="72" cy="106" r="6"'), ("circle", 'cx="128" cy="106" r="6"')),
    ),
    Region(
        "right_hand",
        _("Right hand and wrist"),
        (("circle", 'cx="28" cy="106" r="6"'), ("circle", 'cx="172" cy="106" r="6"')),
    ),
    Region(
        "left_leg",
        _("Left leg"),
        (("rect", 'x="51" y="114" width="14" height="80"'), ("rect", 'x="135" y="114" width="14" height="80"')),
    ),
    Region(
        "right_leg",
        _("Right leg"),
        (("rect", 'x="35" y="114" width="14" height="80"'), ("rect", 'x="151" y="114" width="14" height="80"')),
    ),
    Region(
        "left_foot",
        _("Left foot"),
        (("rect", 'x="51" y="196" width="16" height="10"'), ("rect", 'x="133" y="196" width="16" height="10"')),
    ),
    Region(
        "right_foot",
        _("Right foot"),
        (("rect", 'x="33" y="196" width="16" height="10"'), ("rect", 'x="151" y="196" width="16" height="10"')),
    ),
)
BY_CODE = {region.code: region for region in REGIONS}
CHOICES = [(region.code, region.label) for region in REGIONS]


def labels(codes: list[str]) -> list[str]:
    """Return the labels of the region codes, in the body map's order, ignoring unknown codes."""
    chosen = set(codes)
    return [str(region.label) for region in REGIONS if region.code in chosen]


def body_map(codes: list[str]) -> list[dict[str, object]]:
    """Return every region with its shapes and whether it is chosen, for the SVG template."""
    chosen = set(codes)
    return [
        {"code": region.code, "label": region.label, "shapes": region.shapes, "chosen": region.code in chosen}
        for region in REGIONS
    ]
