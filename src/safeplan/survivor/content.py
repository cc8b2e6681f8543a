"""Content of the survivor space: legal options, what the site can hide, and local services.

The YAML files live in this app's ``content`` folder; the loaders are registered with
``safeplan.content.loader.content_loader`` so that the start-up check validates them (every
citation must name a real passage of the guidance). Local services come from the file a
deployment names in ``LOCAL_HELPLINES_FILE`` and are checked at start-up by ``checks.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from django.conf import settings
from pydantic import Field, ValidationError

from safeplan.content.helplines import Helpline, Helplines, helplines
from safeplan.content.loader import ContentError, content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

CONTENT_FOLDER = Path(__file__).resolve().parent / "content"


class LegalOption(Frozen):
    id: Identifier
    title: LocalText
    what: LocalText
    how: LocalText
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


class LegalOptions(Frozen):
    options: Annotated[tuple[LegalOption, ...], Field(min_length=1)]


class CoveringTracks(Frozen):
    can_hide: tuple[LocalText, ...]
    cannot_hide: tuple[LocalText, ...]
    safer: tuple[LocalText, ...]
    sources: Annotated[tuple[Source, ...], Field(min_length=1)]


@content_loader("survivor_legal_options")
def legal_options() -> LegalOptions:
    """Return the legal options explained in the survivor space."""
    return load_model(LegalOptions, CONTENT_FOLDER / "legal_options.yaml")


@content_loader("survivor_covering_tracks")
def covering_tracks() -> CoveringTracks:
    """Return what the site can and cannot hide, and how to browse more safely."""
    return load_model(CoveringTracks, CONTENT_FOLDER / "covering_tracks.yaml")


def load_local_helplines(path: str) -> tuple[Helpline, ...]:
    """Return the services in a local helplines file; a missing or invalid file raises ContentError."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as error:
        raise ContentError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from None
    try:
        return Helplines.model_validate(data).helplines
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or '(top)'}: {item['msg']}" for item in error.errors()
        )
        raise ContentError(f"{path}: {problems}") from None


def local_helplines() -> tuple[Helpline, ...]:
    """Return the local services the deployment configured (none when no file is set)."""
    path: str = settings.LOCAL_HELPLINES_FILE
    if not path:
        return ()
    return _cached_local(path)


_LOCAL_CACHE: dict[str, tuple[Helpline, ...]] = {}


def _cached_local(path: str) -> tuple[Helpline, ...]:
    if path not in _LOCAL_CACHE:
        _LOCAL_CACHE[path] = load_local_helplines(path)
    return _LOCAL_CACHE[path]


def local_by_area(local: tuple[Helpline, ...]) -> tuple[tuple[Helpline, ...], list[tuple[str, list[Helpline]]]]:
    """Return the local services for every area, and the others by area (areas in alphabetical order).

    She finds the services near her by the area's name on one page, without typing where she
    lives anywhere (a search would put her town in the browser's history).
    """
    everywhere = tuple(line for line in local if not line.areas)
    areas: dict[str, list[Helpline]] = {}
    for line in local:
        for area in line.areas:
            areas.setdefault(area, []).append(line)
    return everywhere, sorted(areas.items(), key=lambda item: item[0].casefold())


def all_helplines() -> tuple[tuple[Helpline, ...], tuple[Helpline, ...]]:
    """Return the national helplines and the local services, in the order they are shown."""
    return helplines().helplines, local_helplines()
