"""Dates in reports, resolved against the publication date (friendship_graph.draft.dates)."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from friendship_graph.draft.dates import DateContext, find_dates, parse_published

PUBLISHED = date(2019, 10, 30)


def values(text: str, language: str = "zh", published: date = PUBLISHED) -> list[str]:
    return [str(m.literal) for m in find_dates(text, language, published)]


@pytest.mark.parametrize(("text", "expected"), [
    ("今年2月,俄罗斯代表团访问晋中市", ["2019-02"]),
    ("10月28日,科莫省政府代表团访问晋中市", ["2019-10-28"]),
    ("去年,两市签订了意向书", ["2018"]),
    ("前年3月", ["2017-03"]),
    ("上月,代表团来访", ["2019-09"]),
    ("上个月15日", ["2019-09-15"]),
    ("2017年5月3日签署", ["2017-05-03"]),
    ("2017全省旅游发展大会", ["2017"]),
    ("今年以来,共出访7批", ["2019"]),
    ("今年2月签订意向书;8月,赴德国", ["2019-02", "2019-08"]),
    ("10月28日访问;29日会见", ["2019-10-28", "2019-10-29"]),
    ("今年3月出访,同月举办图片展", ["2019-03", "2019-03"]),
])
def test_chinese_dates(text: str, expected: list[str]) -> None:
    assert values(text) == expected


@pytest.mark.parametrize("text", ["近年来,交流日益密切", "近期将举办", "日前,双方会谈",
                                  "29日省领导会见代表团", "第五届峰会", "共出访7批17人次",
                                  "电话: 010-68995855", "京ICP备08103425号", "2月30日"])
def test_vague_or_no_dates_give_nothing(text: str) -> None:
    assert values(text) == []


def test_a_month_after_publication_without_year_is_last_year() -> None:
    assert values("12月,代表团来访") == ["2018-12"]
    assert values("11月1日", published=date(2019, 10, 30)) == ["2018-11-01"]


def test_a_year_alone_counts_within_its_paragraph_a_month_beyond() -> None:
    def read(text: str) -> list[str]:
        return [str(m.literal) for m in find_dates(text, "zh", PUBLISHED, context)]

    context = DateContext(PUBLISHED)
    assert read("2017年,双方签订协议") == ["2017"]
    assert read("3月,再次访问") == ["2017-03"]
    context = DateContext(PUBLISHED)
    assert read("2017全省旅游发展大会") == ["2017"]
    context.new_paragraph()
    assert read("3月,再次访问") == ["2019-03"]
    context.new_paragraph()
    assert read("同月,举办图片展;28日闭幕") == ["2019-03", "2019-03-28"]


@pytest.mark.parametrize(("text", "expected"), [
    ("The delegation visited Szeged on 12 May 2021.", ["2021-05-12"]),
    ("It was signed on October 28, 2019 in Jinzhong.", ["2019-10-28"]),
    ("They met in February to talk.", ["2019-02"]),
    ("A trade mission came last year.", ["2018"]),
    ("The exhibition opened last month.", ["2019-09"]),
    ("The summit was held in 2017.", ["2017"]),
    ("It may rain; the march was long.", []),
    ("In recent years many delegations came.", []),
])
def test_english_dates(text: str, expected: list[str]) -> None:
    assert values(text, "en") == expected


def test_parse_published() -> None:
    assert parse_published("2019-10-30") == PUBLISHED
    for bad in ("2019-10", "30.10.2019", "2019-13-01", ""):
        with pytest.raises(ValueError):
            parse_published(bad)


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@given(day=days, published=days)
def test_a_full_date_is_read_as_written(day: date, published: date) -> None:
    text = f"{day.year}年{day.month}月{day.day}日,两市签订协议。"
    assert values(text, published=published) == [day.isoformat()]


@given(day=days)
def test_month_and_day_take_the_publication_year_unless_later(day: date) -> None:
    text = f"{day.month}月{day.day}日访问"
    assert values(text, published=date(day.year, 12, 31)) == [day.isoformat()]
    assume((day.month, day.day) > (1, 1) and (day.month, day.day) != (2, 29))
    assert values(text, published=date(day.year, 1, 1)) == [
        day.replace(year=day.year - 1).isoformat()]


@given(published=days, month=st.integers(1, 12), offset=st.sampled_from(
    [("今年", 0), ("去年", -1), ("前年", -2), ("明年", 1)]))
def test_relative_years_keep_the_month(published: date, month: int, offset: tuple) -> None:
    word, delta = offset
    assert values(f"{word}{month}月", published=published) == [
        f"{published.year + delta:04d}-{month:02d}"]
    assert values(f"{word},双方", published=published) == [f"{published.year + delta:04d}"]


@given(text=st.text(max_size=200), published=days)
def test_any_text_gives_valid_dates_or_none(text: str, published: date) -> None:
    for language in ("zh", "en"):
        for mention in find_dates(text, language, published):
            value = str(mention.literal)
            assert 0 <= mention.start < mention.end <= len(text)
            parts = [int(p) for p in value.split("-")]
            if len(parts) >= 2:
                assert 1 <= parts[1] <= 12
            if len(parts) == 3:
                assert date(*parts)


@given(day=days)
def test_english_full_dates(day: date) -> None:
    month = calendar.month_name[day.month]
    assert values(f"It was signed on {day.day} {month} {day.year}.", "en") == [day.isoformat()]
    assert values(f"It was signed on {month} {day.day}, {day.year}.", "en") == [day.isoformat()]
