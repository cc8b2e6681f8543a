"""Risk assessment instruments as versioned data, and the settings that grade them.

Storage: ``instruments/<id>.yaml`` holds the current version of an instrument;
every older version that was ever in use stays loadable, unchanged, as
``instruments/archive/<id>-v<version>.yaml``. A saved assessment keeps the
instrument id, version and raw answers, so it can be re-scored exactly with the
version it was made with after the current one has changed.
``instruments/grading.yaml`` holds the MARAC settings shared by all instruments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from safeplan.content import loader
from safeplan.content.loader import ContentError, content_loader, load_model
from safeplan.content.schema import Frozen, Identifier, LocalText, Source

INSTRUMENTS_FOLDER = "instruments"
ARCHIVE_FOLDER = "archive"
SETTINGS_FILE = "grading.yaml"

# The domain rules (safeplan.domain.risk) understand exactly these answers.
ANSWER_VALUES = ("yes", "no", "unknown")
Answer = Literal["yes", "no", "unknown"]
Count = Annotated[int, Field(ge=1)]


class UnknownInstrumentError(ValueError):
    """No instrument has the requested id, or it has no such version."""


class AnswerOption(Frozen):
    value: Answer
    label: LocalText


class Factor(Frozen):
    id: Identifier
    topic: Identifier
    # Asked of the victim, in our own plain words.
    question: LocalText
    # For the professional: why the factor matters.
    help: LocalText
    sources: tuple[Source, ...] = ()


class Thresholds(Frozen):
    """Counts of "yes" answers at which a grade starts."""

    medium: Count
    high: Count

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if not self.medium < self.high:
            raise ValueError(f"thresholds must be ordered: medium ({self.medium}) < high ({self.high})")
        return self


class Instrument(Frozen):
    id: Identifier
    version: Count
    title: LocalText
    description: LocalText
    answers: tuple[AnswerOption, ...]
    factors: tuple[Factor, ...]
    thresholds: Thresholds
    sources: tuple[Source, ...] = ()

    @field_validator("answers")
    @classmethod
    def _the_three_answers(cls, value: tuple[AnswerOption, ...]) -> tuple[AnswerOption, ...]:
        if tuple(option.value for option in value) != ANSWER_VALUES:
            raise ValueError(f"answers must be exactly {list(ANSWER_VALUES)}, in that order")
        return value

    @field_validator("factors")
    @classmethod
    def _distinct_factors(cls, value: tuple[Factor, ...]) -> tuple[Factor, ...]:
        if not value:
            raise ValueError("an instrument needs at least one factor")
        ids = [factor.id for factor in value]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate factor ids: {duplicated}")
        questions = [str(factor.question).strip().casefold() for factor in value]
        repeated = sorted({q for q in questions if questions.count(q) > 1})
        if repeated:
            raise ValueError(f"the same question is asked twice: {repeated}")
        return value

    @model_validator(mode="after")
    def _reachable_thresholds(self) -> Instrument:
        if self.thresholds.high > len(self.factors):
            raise ValueError(
                f"thresholds.high ({self.thresholds.high}) is more than the number of factors ({len(self.factors)})"
            )
        return self

    @property
    def factor_ids(self) -> tuple[str, ...]:
        """Return the factor ids in the order they are asked."""
        return tuple(factor.id for factor in self.factors)

    def factor(self, factor_id: str) -> Factor:
        """Return the factor with this id."""
        for factor in self.factors:
            if factor.id == factor_id:
                return factor
        raise KeyError(factor_id)

    def fingerprint(self) -> tuple[tuple[str, ...], tuple[str, ...], int, int]:
        """Return what scoring and the English questions depend on, to detect edits without a new version."""
        return (
            self.factor_ids,
            tuple(str(factor.question) for factor in self.factors),
            self.thresholds.medium,
            self.thresholds.high,
        )


class InstrumentLibrary(Frozen):
    """Every instrument: the current version of each, and the archived older versions."""

    current: tuple[Instrument, ...]
    archived: tuple[Instrument, ...] = ()

    @model_validator(mode="after")
    def _consistent_versions(self) -> InstrumentLibrary:
        ids = [item.id for item in self.current]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"duplicate instrument ids: {duplicated}")
        latest = {item.id: item.version for item in self.current}
        seen: set[tuple[str, int]] = set()
        for old in self.archived:
            if old.id not in latest:
                raise ValueError(f"archived instrument {old.id!r} v{old.version} has no current version")
            if old.version >= latest[old.id]:
                raise ValueError(f"archived {old.id!r} v{old.version} is not older than the current v{latest[old.id]}")
            if (old.id, old.version) in seen:
                raise ValueError(f"{old.id!r} v{old.version} is archived twice")
            seen.add((old.id, old.version))
        return self

    def ids(self) -> tuple[str, ...]:
        """Return the instrument ids, sorted."""
        return tuple(sorted(item.id for item in self.current))

    def versions(self, instrument_id: str) -> tuple[int, ...]:
        """Return the known versions of an instrument, oldest first."""
        found = sorted(item.version for item in (*self.current, *self.archived) if item.id == instrument_id)
        if not found:
            raise self._unknown(instrument_id)
        return tuple(found)

    def instrument(self, instrument_id: str, version: int | None = None) -> Instrument:
        """Return the requested version of an instrument, or its current version when version is None."""
        current = next((item for item in self.current if item.id == instrument_id), None)
        if current is None:
            raise self._unknown(instrument_id)
        if version is None or version == current.version:
            return current
        for old in self.archived:
            if old.id == instrument_id and old.version == version:
                return old
        known = ", ".join(str(v) for v in self.versions(instrument_id))
        raise UnknownInstrumentError(
            f"instrument {instrument_id!r} has no version {version!r}; known versions: {known}"
        )

    def _unknown(self, instrument_id: str) -> UnknownInstrumentError:
        known = ", ".join(repr(i) for i in self.ids()) or "none"
        return UnknownInstrumentError(f"unknown instrument {instrument_id!r}; known instruments: {known}")


class GradingSettings(Frozen):
    """Settings of the MARAC criteria that do not belong to one instrument."""

    potential_escalation_incidents: Count


def _shown(path: Path) -> str | Path:
    """Return the path relative to the content folder when it lies inside it, for readable errors."""
    try:
        return path.relative_to(loader.CONTENT_DIR)
    except ValueError:
        return path


def load_instruments(folder: Path) -> InstrumentLibrary:
    """Return every instrument in the folder: ``<id>.yaml`` current, ``archive/<id>-v<n>.yaml`` older."""
    if not folder.is_dir():
        raise ContentError(f"{_shown(folder)}: the instruments folder is missing")
    archive = folder / ARCHIVE_FOLDER
    # A .yml file would be skipped silently by the *.yaml globs below.
    stray = sorted(str(_shown(path)) for path in folder.rglob("*.yml"))
    if stray:
        raise ContentError(f"{', '.join(stray)}: name instrument files *.yaml")
    current = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == SETTINGS_FILE:
            continue
        item = load_model(Instrument, _shown(path))
        if path.stem != item.id:
            raise ContentError(f"{_shown(path)}: holds instrument {item.id!r}; name the file {item.id}.yaml")
        current.append(item)
    archived = []
    for path in sorted(archive.glob("*.yaml")) if archive.is_dir() else []:
        item = load_model(Instrument, _shown(path))
        expected = f"{item.id}-v{item.version}"
        if path.stem != expected:
            raise ContentError(f"{_shown(path)}: holds {item.id!r} v{item.version}; name the file {expected}.yaml")
        archived.append(item)
    try:
        return InstrumentLibrary(current=tuple(current), archived=tuple(archived))
    except ValidationError as error:
        problems = "; ".join(str(item["msg"]) for item in error.errors())
        raise ContentError(f"{_shown(folder)}: {problems}") from None


@content_loader("instruments")
def instruments() -> InstrumentLibrary:
    """Return the shipped instruments, every version."""
    return load_instruments(loader.CONTENT_DIR / INSTRUMENTS_FOLDER)


@content_loader("grading")
def grading_settings() -> GradingSettings:
    """Return the shipped MARAC settings."""
    return load_model(GradingSettings, Path(INSTRUMENTS_FOLDER) / SETTINGS_FILE)


def instrument(instrument_id: str, version: int | None = None) -> Instrument:
    """Return a shipped instrument: the given version, or the current one when version is None."""
    return instruments().instrument(instrument_id, version)
