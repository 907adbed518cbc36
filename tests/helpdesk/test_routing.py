"""Routing as a pure function: plain Need and Candidate values in, the expert and the reasons
out, with no database."""

import datetime
import json

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.routing import Candidate, Need, describe, route

UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 1, 12, 15, 0, tzinfo=UTC)

NEED = Need(topic_keys=frozenset({"harassment"}), country="CA", region="CA-ON", language="en")


def expert(expert_id, **fields):
    """A candidate who, unless told otherwise, fits NEED: active, English, all of Canada,
    knows harassment, 0 of 5."""
    values = {
        "topic_keys": frozenset({"harassment"}),
        "languages": ("en",),
        "jurisdictions": ("CA",),
        "open_load": 0,
        "weekly_capacity": 5,
    }
    return Candidate(expert_id=expert_id, name=f"Expert {expert_id}", **{**values, **fields})


def codes(routing):
    return [reason["code"] for reason in routing.reasons]


def params(routing, code):
    (found,) = [reason["params"] for reason in routing.reasons if reason["code"] == code]
    return found


# --- The hard rules ---


def test_a_fitting_expert_is_chosen():
    result = route(NEED, [expert(7)])
    assert result.expert_id == 7


@pytest.mark.parametrize(
    "fields",
    [
        {"active": False},
        {"away": True},
        {"open_load": 5, "weekly_capacity": 5},
        {"open_load": 9, "weekly_capacity": 5},
        {"languages": ("fr",)},
        {"languages": ()},
        {"jurisdictions": ("US",)},
        {"jurisdictions": ("CA-AB", "CA-QC")},  # other provinces of the right country
        {"jurisdictions": ()},
        {"topic_keys": frozenset({"mapping"})},
        {"topic_keys": frozenset()},
    ],
    ids=lambda fields: ",".join(f"{k}={v}" for k, v in fields.items()),
)
def test_each_rule_leaves_an_expert_out(fields):
    assert route(NEED, [expert(1, **fields)]).expert_id is None
    # ... and the fitting expert next to them is chosen instead.
    assert route(NEED, [expert(1, **fields), expert(2)]).expert_id == 2


def test_one_request_under_capacity_is_room():
    assert route(NEED, [expert(1, open_load=4, weekly_capacity=5)]).expert_id == 1


def test_the_request_language_decides_not_the_first_language():
    need = Need(topic_keys=frozenset({"harassment"}), country="CA", region="CA-QC", language="fr")
    result = route(need, [expert(1, languages=("en",)), expert(2, languages=("en", "fr"))])
    assert result.expert_id == 2


def test_jurisdiction_the_region_itself_or_the_whole_country():
    assert route(NEED, [expert(1, jurisdictions=("CA-ON",))]).expert_id == 1
    assert route(NEED, [expert(1, jurisdictions=("CA",))]).expert_id == 1
    assert route(NEED, [expert(1, jurisdictions=("US", "CA-ON"))]).expert_id == 1
    assert route(NEED, [expert(1, jurisdictions=("US-ID", "CA-AB"))]).expert_id is None


def test_a_regional_expert_does_not_cover_a_request_for_the_whole_country():
    need = Need(topic_keys=frozenset({"harassment"}), country="CA", region="", language="en")
    assert route(need, [expert(1, jurisdictions=("CA-ON",))]).expert_id is None
    assert route(need, [expert(1, jurisdictions=("CA-ON",)), expert(2)]).expert_id == 2


def test_one_shared_topic_is_enough():
    need = Need(frozenset({"harassment", "response", "mapping"}), "CA", "CA-ON", "en")
    result = route(need, [expert(1, topic_keys=frozenset({"mapping", "strategy"}))])
    assert result.expert_id == 1
    assert params(result, "topics") == {"matched": 1, "wanted": 3}


def test_a_request_without_topics_skips_the_topic_rule():
    need = Need(frozenset(), "CA", "CA-ON", "en")
    result = route(need, [expert(1, topic_keys=frozenset()), expert(2, active=False)])
    assert result.expert_id == 1
    assert params(result, "topics") == {"matched": 0, "wanted": 0}


def test_a_request_without_topics_still_applies_the_other_rules():
    need = Need(frozenset(), "US", "US-ID", "en")
    result = route(need, [expert(1), expert(2, languages=("fr",), jurisdictions=("US",))])
    assert result.expert_id is None
    assert params(result, "no_match") == {
        "total": 2,
        "available": 2,
        "with_capacity": 2,
        "language": 1,
        "jurisdiction": 0,
        "topic": 0,
    }


# --- Ranking ---


def test_more_matching_topics_wins_over_region_and_load():
    need = Need(frozenset({"harassment", "response"}), "CA", "CA-ON", "en")
    one = expert(1, jurisdictions=("CA-ON",), open_load=0)
    two = expert(2, topic_keys=frozenset({"harassment", "response"}), open_load=4)
    assert route(need, [one, two]).expert_id == 2
    assert route(need, [two, one]).expert_id == 2


def test_regional_beats_country_wide_with_the_same_topics():
    country_wide = expert(1, open_load=0)
    regional = expert(2, jurisdictions=("CA-ON",), open_load=3)
    result = route(NEED, [country_wide, regional])
    assert result.expert_id == 2
    assert "region" in codes(result) and "country" not in codes(result)
    assert params(result, "region") == {"place": "CA-ON"}


def test_lighter_load_against_capacity_wins():
    busy = expert(1, open_load=2, weekly_capacity=5)  # 0.4
    roomy = expert(2, open_load=3, weekly_capacity=10)  # 0.3
    assert route(NEED, [busy, roomy]).expert_id == 2
    assert route(NEED, [roomy, busy]).expert_id == 2


def test_load_is_a_ratio_not_a_count():
    # 1 of 2 (0.5) is heavier than 2 of 10 (0.2), although 1 < 2.
    result = route(
        NEED,
        [expert(1, open_load=1, weekly_capacity=2), expert(2, open_load=2, weekly_capacity=10)],
    )
    assert result.expert_id == 2
    assert params(result, "load") == {"load": 2, "capacity": 10}


def test_a_tie_goes_to_whoever_was_assigned_least_recently():
    recent = expert(1, last_assigned_at=MONDAY)
    earlier = expert(2, last_assigned_at=MONDAY - datetime.timedelta(days=3))
    result = route(NEED, [recent, earlier])
    assert result.expert_id == 2
    assert codes(result)[-1] == "least_recent"


def test_never_assigned_comes_first_in_a_tie():
    assigned = expert(1, last_assigned_at=MONDAY - datetime.timedelta(days=300))
    never = expert(9, last_assigned_at=None)
    assert route(NEED, [assigned, never]).expert_id == 9


def test_equal_load_ratio_is_a_tie():
    # 1 of 5 and 2 of 10 weigh the same: the least recently assigned wins.
    a = expert(1, open_load=1, weekly_capacity=5, last_assigned_at=MONDAY)
    b = expert(2, open_load=2, weekly_capacity=10, last_assigned_at=MONDAY - datetime.timedelta(1))
    result = route(NEED, [a, b])
    assert result.expert_id == 2 and "least_recent" in codes(result)


def test_no_tie_no_least_recent_reason():
    a = expert(1, open_load=0, last_assigned_at=MONDAY)
    b = expert(2, open_load=1, last_assigned_at=None)
    result = route(NEED, [a, b])
    assert result.expert_id == 1
    assert "least_recent" not in codes(result)


def test_the_tie_breaker_is_recency_not_the_order_given():
    a = expert(5, last_assigned_at=MONDAY - datetime.timedelta(hours=1))
    b = expert(3, last_assigned_at=MONDAY)
    assert route(NEED, [a, b]).expert_id == 5
    assert route(NEED, [b, a]).expert_id == 5


# --- Exclude (the backup) ---


def test_exclude_leaves_the_assignee_out_for_a_backup():
    best, second = expert(1, jurisdictions=("CA-ON",)), expert(2)
    assert route(NEED, [best, second]).expert_id == 1
    assert route(NEED, [best, second], exclude=[1]).expert_id == 2
    assert route(NEED, [best, second], exclude=(1, 2)).expert_id is None


def test_excluded_experts_are_not_counted():
    result = route(NEED, [expert(1), expert(2, active=False)], exclude={1})
    assert result.expert_id is None
    assert params(result, "no_match")["total"] == 1


def test_exclude_accepts_any_iterable():
    """A generator of ids (e.g. from a queryset) must exclude every id it yields."""
    result = route(NEED, [expert(1), expert(2), expert(3)], exclude=(i for i in (1, 2)))
    assert result.expert_id == 3


# --- No match ---


def test_no_match_goes_to_the_coordinators_with_counts_at_each_rule():
    candidates = [
        expert(1, active=False),
        expert(2, away=True),
        expert(3, open_load=5),
        expert(4, languages=("fr",)),
        expert(5, jurisdictions=("US",)),
        expert(6, topic_keys=frozenset({"mapping"})),
        expert(7, active=False, languages=("fr",)),  # fails two rules: counted once
    ]
    result = route(NEED, candidates)
    assert result.expert_id is None
    assert result.reasons == [
        {
            "code": "no_match",
            "params": {
                "total": 7,
                "available": 4,
                "with_capacity": 3,
                "language": 2,
                "jurisdiction": 1,
                "topic": 0,
            },
        }
    ]


def test_no_candidates_at_all():
    result = route(NEED, [])
    assert result.expert_id is None
    assert result.reasons == [
        {
            "code": "no_match",
            "params": {
                "total": 0,
                "available": 0,
                "with_capacity": 0,
                "language": 0,
                "jurisdiction": 0,
                "topic": 0,
            },
        }
    ]


# --- Reasons ---


def test_reasons_say_why_in_codes_and_parameters():
    need = Need(frozenset({"harassment", "response", "mapping"}), "CA", "CA-ON", "en")
    chosen = expert(
        4,
        topic_keys=frozenset({"harassment", "response"}),
        jurisdictions=("CA-ON",),
        open_load=2,
        weekly_capacity=6,
    )
    others = [expert(5), expert(6, active=False), expert(7, languages=("fr",))]
    result = route(need, [*others, chosen])
    assert result.expert_id == 4
    assert result.reasons == [
        {"code": "topics", "params": {"matched": 2, "wanted": 3}},
        {"code": "language", "params": {"language": "en"}},
        {"code": "region", "params": {"place": "CA-ON"}},
        {"code": "load", "params": {"load": 2, "capacity": 6}},
        {"code": "candidates", "params": {"count": 2}},
    ]
    json.dumps(result.reasons)  # stored as JSON on the request


def test_a_country_wide_match_names_the_country():
    result = route(NEED, [expert(1, jurisdictions=("CA", "US"))])
    assert params(result, "country") == {"place": "CA"}
    assert "region" not in codes(result)


def test_a_country_wide_match_for_a_request_without_region():
    need = Need(frozenset({"harassment"}), "US", "", "en")
    result = route(need, [expert(1, jurisdictions=("US",))])
    assert params(result, "country") == {"place": "US"}


# --- Properties over many expert mixes ---

TOPICS = ["harassment", "response", "mapping", "prevention"]
PLACES = {"CA": ["", "CA-ON", "CA-AB"], "US": ["", "US-ID"]}
JURISDICTIONS = ["CA", "US", "CA-ON", "CA-AB", "US-ID"]
MOMENTS = [None, *(MONDAY - datetime.timedelta(days=d) for d in range(3))]


@st.composite
def needs(draw):
    country = draw(st.sampled_from(sorted(PLACES)))
    return Need(
        topic_keys=frozenset(draw(st.sets(st.sampled_from(TOPICS), max_size=3))),
        country=country,
        region=draw(st.sampled_from(PLACES[country])),
        language=draw(st.sampled_from(["en", "fr"])),
    )


def candidates_strategy(expert_id):
    return st.builds(
        Candidate,
        expert_id=st.just(expert_id),
        topic_keys=st.frozensets(st.sampled_from(TOPICS), max_size=3),
        languages=st.lists(st.sampled_from(["en", "fr"]), max_size=2, unique=True).map(tuple),
        jurisdictions=st.lists(st.sampled_from(JURISDICTIONS), max_size=3, unique=True).map(tuple),
        open_load=st.integers(0, 6),
        weekly_capacity=st.integers(1, 6),
        away=st.booleans(),
        active=st.booleans(),
        last_assigned_at=st.sampled_from(MOMENTS),
    )


@st.composite
def pools(draw):
    ids = draw(st.lists(st.integers(1, 60), max_size=8, unique=True))
    return [draw(candidates_strategy(i)) for i in ids]


def eligible(c: Candidate, need: Need) -> bool:
    """The hard rules, written out again independently of the router."""
    return (
        c.active
        and not c.away
        and c.open_load < c.weekly_capacity
        and need.language in c.languages
        and (
            need.country in c.jurisdictions
            or (need.region != "" and need.region in c.jurisdictions)
        )
        and (not need.topic_keys or bool(c.topic_keys & need.topic_keys))
    )


PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(need=needs(), candidates=pools())
def test_property_the_choice_satisfies_every_hard_rule(need, candidates):
    result = route(need, candidates)
    if result.expert_id is not None:
        (chosen,) = [c for c in candidates if c.expert_id == result.expert_id]
        assert eligible(chosen, need)


@PROPERTY
@given(need=needs(), candidates=pools())
def test_property_someone_is_chosen_whenever_someone_fits(need, candidates):
    result = route(need, candidates)
    fits = [c for c in candidates if eligible(c, need)]
    assert (result.expert_id is None) == (not fits)
    if not fits:
        assert [r["code"] for r in result.reasons] == ["no_match"]
        assert result.reasons[0]["params"]["total"] == len(candidates)
        assert result.reasons[0]["params"]["topic"] == 0
    else:
        assert result.reasons[-2 if "least_recent" in codes(result) else -1] == {
            "code": "candidates",
            "params": {"count": len(fits)},
        }


@PROPERTY
@given(need=needs(), candidates=pools(), data=st.data())
def test_property_deterministic_and_independent_of_order(need, candidates, data):
    first = route(need, candidates)
    assert route(need, list(candidates)) == first
    shuffled = data.draw(st.permutations(candidates))
    again = route(need, shuffled)
    assert again.expert_id == first.expert_id
    assert again.reasons == first.reasons


@PROPERTY
@given(need=needs(), candidates=pools())
def test_property_nobody_fitting_has_more_topics_or_a_closer_place(need, candidates):
    result = route(need, candidates)
    if result.expert_id is None:
        return
    (chosen,) = [c for c in candidates if c.expert_id == result.expert_id]

    def matched(c):
        return len(c.topic_keys & need.topic_keys)

    def regional(c):
        return bool(need.region) and need.region in c.jurisdictions

    for other in candidates:
        if not eligible(other, need):
            continue
        assert matched(other) <= matched(chosen)
        if matched(other) == matched(chosen) and regional(other) and not regional(chosen):
            pytest.fail(f"{other} is regional, the choice {chosen} is not")


@PROPERTY
@given(need=needs(), candidates=pools(), data=st.data())
def test_property_excluded_experts_are_never_chosen(need, candidates, data):
    ids = [c.expert_id for c in candidates]
    excluded = data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()))
    result = route(need, candidates, exclude=excluded)
    assert result.expert_id not in excluded
    rest = [c for c in candidates if c.expert_id not in excluded]
    assert result == route(need, rest)


# --- describe ---

EVERY_CODE = [
    ({"code": "topics", "params": {"matched": 2, "wanted": 3}}, ["2", "3"]),
    ({"code": "language", "params": {"language": "fr"}}, ["(fr)"]),
    ({"code": "region", "params": {"place": "CA-ON"}}, ["CA-ON"]),
    ({"code": "country", "params": {"place": "US"}}, ["US"]),
    ({"code": "load", "params": {"load": 4, "capacity": 7}}, ["4", "7"]),
    ({"code": "candidates", "params": {"count": 12}}, ["12"]),
    ({"code": "least_recent", "params": {}}, ["least recently"]),
    (
        {
            "code": "no_match",
            "params": {
                "total": 11,
                "available": 10,
                "with_capacity": 9,
                "language": 8,
                "jurisdiction": 7,
                "topic": 6,
            },
        },
        [
            "11 experts",
            "10 available",
            "9 with room",
            "8 in the language",
            "7 for the place",
            "6 on the topics",
            "coordinators' queue",
        ],
    ),
    ({"code": "override", "params": {"name": "Casey Coordinator"}}, ["Casey Coordinator"]),
    ({"code": "claimed", "params": {}}, ["Claimed"]),
]


@pytest.mark.parametrize(
    ("reason", "fragments"), EVERY_CODE, ids=[r["code"] for r, _f in EVERY_CODE]
)
def test_describe_gives_a_sentence_for_each_code(reason, fragments):
    with translation.override("en"):
        (sentence,) = describe([reason])
    assert sentence.endswith(".")
    assert "%(" not in sentence
    for fragment in fragments:
        assert fragment in sentence


def test_describe_keeps_the_order_of_the_reasons():
    result = route(NEED, [expert(1, jurisdictions=("CA-ON",))])
    with translation.override("en"):
        sentences = describe(result.reasons)
    assert len(sentences) == len(result.reasons) == 5
    assert sentences[0] == "Knows 1 of the request's 1 topics."
    assert sentences[2] == "Advises on this province or state (CA-ON)."
    assert sentences[4] == "1 expert matched."


def test_describe_in_french_does_not_raise():
    result = route(NEED, [expert(1)])
    with translation.override("fr"):
        assert len(describe(result.reasons)) == 5


@pytest.mark.parametrize(
    "odd",
    [
        {"code": "no_such_code", "params": {"x": 1}},
        {"code": None},
        {},
        {"params": {"count": 3}},
    ],
)
def test_describe_skips_unknown_codes(odd):
    assert describe([odd]) == []


@pytest.mark.parametrize(
    "odd",
    [
        {"code": "topics"},  # no params at all
        {"code": "topics", "params": {}},
        {"code": "topics", "params": {"matched": 1}},  # one missing
        {"code": "topics", "params": None},
        {"code": "load", "params": ["4", "7"]},
        {"code": "no_match", "params": {"total": 3}},
    ],
)
def test_describe_tolerates_missing_or_malformed_params(odd):
    with translation.override("en"):
        (sentence,) = describe([odd])
    assert sentence  # the sentence without its numbers, rather than an error


def test_describe_with_extra_params_and_percent_signs():
    with translation.override("en"):
        assert describe([{"code": "override", "params": {"name": "100% Pat", "extra": 1}}]) == [
            "Assigned by 100% Pat, a coordinator."
        ]


@pytest.mark.parametrize("odd", ["topics", None, 3, ["code", "topics"]])
def test_describe_tolerates_entries_that_are_not_objects(odd):
    """routing_reasons is a JSONField: an entry edited by hand may not be an object."""
    good = {"code": "claimed", "params": {}}
    with translation.override("en"):
        assert describe([odd, good]) == ["Claimed by the expert."]


def test_describe_of_nothing():
    assert describe([]) == []
