"""A recording's player (webinars.player): times, the privacy-enhanced addresses, odd input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webinars.player import embed_url, parse_time


def test_times_are_read_as_hours_minutes_and_seconds():
    assert [parse_time(t) for t in ("45", "4:30", "1:02:03", "0:00")] == [45, 270, 3723, 0]
    for bad in ("", "4:75", "1:2:3:4", "-1:00", "ab"):
        with pytest.raises(ValueError):
            parse_time(bad)


@given(st.integers(0, 9), st.integers(0, 59), st.integers(0, 59))
def test_any_written_time_reads_back(hours, minutes, seconds):
    assert (
        parse_time(f"{hours}:{minutes:02d}:{seconds:02d}") == hours * 3600 + minutes * 60 + seconds
    )


def test_players_use_the_privacy_enhanced_addresses():
    assert embed_url("https://www.youtube.com/watch?v=abcDEF123", start=90) == (
        "https://www.youtube-nocookie.com/embed/abcDEF123?rel=0&start=90"
    )
    assert embed_url("https://youtu.be/abcDEF123").startswith("https://www.youtube-nocookie.com/")
    assert embed_url("https://vimeo.com/76979871", start=5) == (
        "https://player.vimeo.com/video/76979871?dnt=1#t=5s"
    )
    assert embed_url("https://example.org/video") == ""


@pytest.mark.django_db
def test_odd_start_times_in_the_address_are_ignored(client):
    url = "/en/webinars/global-crises-local-impacts/urban-design-for-violence-prevention/"
    assert client.get(url + "?t=%C2%B2&play=1").status_code == 200
