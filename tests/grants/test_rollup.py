"""Suppression of small counts, without a database: under 5 is "fewer than 5", and a total
is hidden whenever it would give a hidden part away (differencing)."""

from django.utils import translation

from grants.rollup import (
    DIFFERENCING,
    SMALL,
    Cell,
    Line,
    RollUp,
    bar_width,
    csv_text,
    hide_total_if,
    publish,
    suppress,
    suppress_parts,
)

CATEGORIES = [("race", "Race"), ("religion", "Religion"), ("other", "Other")]


def test_under_five_is_hidden_five_is_shown():
    assert suppress(4) == Cell(None, SMALL)
    assert suppress(1).hidden and suppress(0).hidden and suppress(None).hidden
    assert suppress(5) == Cell(5)
    assert suppress(120).text == "120"


def test_hidden_cell_reads_fewer_than_five_in_english_and_french():
    with translation.override("en"):
        assert suppress(3).text == "fewer than 5"
    with translation.override("fr"):
        assert suppress(3).text == "moins de 5"


def test_total_shown_when_every_part_is():
    parts, total = suppress_parts({"a": 7, "b": 12})
    assert [c.value for c in parts.values()] == [7, 12]
    assert total == Cell(19)


def test_total_hidden_when_one_part_is_hidden_so_it_cannot_be_worked_out():
    # 20 shown with 12 and 5 would give away the 3.
    parts, total = suppress_parts({"a": 12, "b": 5, "c": 3})
    assert parts["c"] == Cell(None, SMALL)
    assert parts["a"].value == 12 and parts["b"].value == 5
    assert total == Cell(None, DIFFERENCING)
    assert total.text == "not shown"


def test_two_hidden_parts_cannot_be_recovered_from_the_total_either():
    # 4 + 4 = 8: a shown total of 20 with 12 would say both are 4.
    _parts, total = suppress_parts({"a": 12, "b": 4, "c": 4})
    assert total.hidden


def test_small_total_is_small_not_differencing():
    _parts, total = suppress_parts({"a": 1, "b": 2})
    assert total == Cell(None, SMALL)


def test_a_total_split_two_ways_is_hidden_if_either_split_hides_a_part():
    total = Cell(30)
    assert hide_total_if(total, {"x": Cell(30)}, {"y": Cell(26), "z": Cell(None, SMALL)}).hidden
    assert hide_total_if(total, {"x": Cell(10), "y": Cell(20)}) == total


def test_bar_width_against_the_largest_shown():
    assert bar_width(Cell(50), 100) == 50
    assert bar_width(Cell(None, SMALL), 100) == 0
    assert bar_width(Cell(5), 1000) == 1


def _rollup(city_counts: dict) -> RollUp:
    cities = [
        Line(key=n, name=f"City {n}", incidents=dict(counts))
        for n, counts in enumerate(city_counts.values())
    ]
    total = Line(key=None, name="All", incidents={})
    for line in cities:
        for key, value in line.incidents.items():
            total.incidents[key] = total.incidents.get(key, 0) + value
    programme = Line(key="p", name="Programme", incidents=dict(total.incidents))
    return RollUp(programmes=[programme], cities=cities, categories=CATEGORIES, total=total)


def test_a_category_total_is_hidden_when_one_city_hides_its_count():
    # Race: 9 in one city, 2 in the other; the all-cities 11 would give away the 2.
    result = _rollup({"a": {"race": 9, "religion": 6}, "b": {"race": 2, "religion": 8}})
    publish(result)
    assert result.cities[1].incident_cells["race"].reason == SMALL
    assert result.total.incident_cells["race"].hidden
    assert result.total.incident_cells["religion"].value == 14
    assert result.total.incidents_total.hidden


def test_a_programme_line_does_not_give_away_a_city_hidden_beside_it():
    # Race: 28 in Boise, 0 in Pittsburgh, one programme: a programme line of 28 beside
    # Boise's 28 would say Pittsburgh had none.
    result = _rollup({"a": {"race": 28, "religion": 12}, "b": {"race": 0, "religion": 7}})
    publish(result)
    programme = result.programmes[0]
    assert result.cities[0].incident_cells["race"].value == 28
    assert result.cities[1].incident_cells["race"].reason == SMALL
    assert programme.incident_cells["race"].hidden
    assert programme.incidents_total.hidden
    assert programme.incident_cells["religion"].value == 19  # no small count: shown
    for city in result.cities:  # nothing to subtract from: every line total hidden
        assert city.incidents_total.hidden


def test_a_small_programme_hides_the_city_counts_it_is_part_of():
    cities = [Line(key=1, name="City", incidents={"race": 28})]
    programmes = [
        Line(key="p1", name="One", incidents={"race": 25}),
        Line(key="p2", name="Two", incidents={"race": 3}),
    ]
    total = Line(key=None, name="All", incidents={"race": 28})
    result = RollUp(programmes=programmes, cities=cities, categories=CATEGORIES, total=total)
    publish(result)
    assert programmes[1].incident_cells["race"].reason == SMALL
    assert cities[0].incident_cells["race"].hidden  # 28 − 25 would give the 3 away
    assert total.incident_cells["race"].hidden


def test_nothing_hidden_when_every_count_is_large():
    result = _rollup({"a": {"race": 9, "religion": 6, "other": 5}})
    publish(result)
    assert result.total.incidents_total.value == 20
    assert [c["width"] for c in result.chart] == [100, 67, 56]


def test_csv_carries_the_same_suppression():
    result = _rollup({"a": {"race": 9, "religion": 3, "other": 7}})
    publish(result)
    with translation.override("en"):
        text = csv_text(result)
    assert "fewer than 5" in text
    assert ",3," not in text
    assert "not shown" in text
