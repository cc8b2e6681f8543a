"""An event's own fields survive storage exactly, and every type's declared fields are checked."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.content.events import EventType, event_rules
from safeplan.timeline import eventdata

TYPES = event_rules().event_types


def values_for(event_type: EventType) -> st.SearchStrategy[dict[str, object]]:
    strategies: dict[str, st.SearchStrategy[object]] = {}
    for field in event_type.fields:
        strategies[field.id] = {
            "text": st.text(min_size=1, max_size=200).filter(lambda s: s.strip() == s and s),
            "date": st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)),
            "time": st.times().map(lambda t: t.replace(second=0, microsecond=0)),
            "choice": st.sampled_from([c.id for c in field.choices] or [""]),
            "yes_no": st.booleans(),
        }[field.kind]
    return st.fixed_dictionaries(strategies)


@settings(deadline=None)  # the machine is shared; timing says nothing here
@given(data=st.data(), event_type=st.sampled_from([t for t in TYPES if t.fields]))
def test_clean_values_round_trip_through_json(data: st.DataObject, event_type: EventType) -> None:
    values = data.draw(values_for(event_type))
    cleaned = eventdata.clean(event_type, values)
    assert cleaned == values
    stored = json.loads(json.dumps(eventdata.dump(cleaned)))
    assert eventdata.load(event_type, stored) == cleaned
    assert [row.id for row in eventdata.rows(event_type, cleaned)] == [f.id for f in event_type.fields]


@pytest.mark.parametrize("event_type", [t for t in TYPES if any(f.required for f in t.fields)], ids=lambda t: t.id)
def test_every_required_field_is_required(event_type: EventType) -> None:
    with pytest.raises(ValidationError) as caught:
        eventdata.clean(event_type, {})
    assert set(caught.value.message_dict) == {f.id for f in event_type.fields if f.required}


def test_values_of_the_wrong_kind_are_refused() -> None:
    bail = event_rules().by_id("first_hearing")
    with pytest.raises(ValidationError) as caught:
        eventdata.clean(bail, {"hearing_date": "tomorrow", "hearing_time": "ten", "court": 3})
    assert set(caught.value.message_dict) == {"hearing_date", "hearing_time", "court"}
    assert (
        eventdata.clean(bail, {"hearing_date": date(2027, 1, 4), "hearing_time": time(10, 0), "court": " X "})["court"]
        == "X"
    )
