"""The vendored stalkerware indicator list (indicators/, CC BY 4.0, see its NOTICE.md) and the allow list.

Loaded once, checked at start-up (a registered content loader), and described in every
scan report by its source, date and the SHA-256 of the files as shipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from safeplan.content.loader import ContentError, content_loader
from safeplan.domain.techscan import Indicator, indicator_map

FOLDER = Path(__file__).resolve().parent / "indicators"
LIST_FILES = ("ioc.yaml", "watchware.yaml")


@dataclass(frozen=True)
class IndicatorList:
    packages: dict[str, Indicator]
    sha256: str
    source: str
    date: str


def _yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ContentError(f"{path.name}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{path.name}: not valid YAML: {error}") from None


@content_loader("stalkerware_indicators")
def indicator_list() -> IndicatorList:
    """Return the indicator list: package -> app, and where it came from."""
    digest = hashlib.sha256()
    entries: list[Any] = []
    for name in LIST_FILES:
        path = FOLDER / name
        digest.update(path.read_bytes())
        data = _yaml(path)
        if not isinstance(data, list):
            raise ContentError(f"{name}: expected a list of apps")
        entries += data
    try:
        packages = indicator_map(entries)
    except ValueError as error:
        raise ContentError(f"stalkerware indicators: {error}") from None
    source = _yaml(FOLDER / "source.yaml")
    if not isinstance(source, dict) or not {"name", "repository", "commit", "date", "licence"} <= set(source):
        raise ContentError("indicators/source.yaml: needs name, repository, commit, date and licence")
    described = f"{source['name']} ({source['repository']} at {str(source['commit'])[:12]}), {source['licence']}"
    return IndicatorList(packages=packages, sha256=digest.hexdigest(), source=described, date=str(source["date"]))


def _allow_file(path: Path) -> set[str]:
    data = _yaml(path)
    packages = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(packages, dict):
        raise ContentError(f"{path}: expected 'packages:' mapping package names to why they are allowed")
    return {str(package) for package in packages}


@content_loader("techscan_allow_list")
def allow_list() -> frozenset[str]:
    """Return the packages the scan does not mark as worth a look: safeplan's list and the deployment's."""
    allowed = _allow_file(FOLDER / "allowlist.yaml")
    extra: str = settings.TECHSCAN_ALLOW_FILE
    if extra:
        allowed |= _allow_file(Path(extra))
    return frozenset(allowed)
