"""Checks on the hand-written evaluation data: the Dijkzicht demo corpus and the discontent set."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scripts.demo import build_corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "dialogue" / "demo" / "corpus_nl.jsonl"
RESIDENTS = ROOT / "dialogue" / "demo" / "residents.json"
DISCONTENT = ROOT / "tests" / "data" / "discontent_nl.jsonl"

KEYS = ["id", "text", "created_at", "kern", "category", "negative", "author", "display_name", "pii"]
KERNEN = {"Dijkzicht", "Oosterwolde-Vaart", "Nijeveen-Zuid", "Holtum", "Ter Laan", "Bovenhuizen"}
CATEGORIES = {
    "windpark",
    "azc",
    "jongerenwoningen",
    "stikstof",
    "jongerenoverlast",
    "verkeer",
    "bibliotheek",
    "afval",
    "huisarts",
    "glasvezel",
}
START = datetime(2026, 5, 25, tzinfo=UTC)
END = datetime(2026, 11, 23, tzinfo=UTC)
SURGE_WEEKS = 4
PHONE = re.compile(r"\b0\d[\d -]{7,11}\d\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
ADDRESS = re.compile(r"\b[A-Z][a-z]+(straat|weg|laan|dijk|plein) \d+\b|\b\d{4} ?[A-Z]{2}\b")


def load_jsonl(path: Path) -> list[dict]:
    """Read a JSON-lines file into a list of dicts."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    """Return the committed demo corpus."""
    return load_jsonl(CORPUS)


def week_of(row: dict) -> int:
    """Return the 0-based week number of a contribution in the six-month period."""
    return (datetime.fromisoformat(row["created_at"]) - START).days // 7


def test_rows_follow_the_schema(rows: list[dict]) -> None:
    assert 1800 <= len(rows) <= 2300
    for number, row in enumerate(rows, start=1):
        assert list(row) == KEYS
        assert row["id"] == f"d{number:04d}"
        assert isinstance(row["text"], str) and row["text"].strip()
        assert row["kern"] is None or row["kern"] in KERNEN
        assert row["category"] in CATEGORIES
        assert isinstance(row["negative"], bool) and isinstance(row["pii"], bool)
        assert re.fullmatch(r"r\d{3}", row["author"])
        assert row["display_name"] is None or row["display_name"].strip()


def test_dates_are_utc_sorted_and_inside_the_six_months(rows: list[dict]) -> None:
    moments = []
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["created_at"])
        moment = datetime.fromisoformat(row["created_at"])
        assert START <= moment < END
        moments.append(moment)
    assert moments == sorted(moments)
    assert moments[0] - START < timedelta(days=2)
    assert END - moments[-1] < timedelta(days=2)


def test_every_theme_and_kern_is_present(rows: list[dict]) -> None:
    categories = Counter(row["category"] for row in rows)
    assert set(categories) == CATEGORIES
    assert min(categories.values()) >= 100
    kernen = Counter(row["kern"] for row in rows)
    assert set(kernen) == KERNEN | {None}
    assert set(build_corpus.CATEGORY_LABELS) == CATEGORIES == set(build_corpus.CATEGORIES)
    assert set(build_corpus.KERNEN) == KERNEN


def test_residents_are_many_and_some_post_often(rows: list[dict]) -> None:
    per_author = Counter(row["author"] for row in rows)
    assert 500 <= len(per_author) <= 700
    assert sum(1 for count in per_author.values() if count >= 5) >= 50
    names: dict[str, set] = defaultdict(set)
    for row in rows:
        names[row["author"]].add(row["display_name"])
    assert all(len(found) == 1 for found in names.values()), "a resident changed display name"


def test_azc_surges_in_volume_and_negativity_in_the_last_four_weeks(rows: list[dict]) -> None:
    last = build_corpus.WEEKS - SURGE_WEEKS
    azc = [row for row in rows if row["category"] == "azc"]
    before = [row for row in azc if week_of(row) < last]
    during = [row for row in azc if week_of(row) >= last]
    before_weekly = len(before) / last
    during_weekly = len(during) / SURGE_WEEKS
    assert during_weekly >= 2.5 * before_weekly
    share_before = sum(row["negative"] for row in before) / len(before)
    share_during = sum(row["negative"] for row in during) / len(during)
    assert share_during >= share_before + 0.15
    oosterwolde = sum(row["kern"] == "Oosterwolde-Vaart" for row in during) / len(during)
    assert oosterwolde > 0.4


def test_no_other_theme_surges(rows: list[dict]) -> None:
    last = build_corpus.WEEKS - SURGE_WEEKS
    for category in CATEGORIES - {"azc"}:
        weeks = Counter(week_of(row) for row in rows if row["category"] == category)
        before = sum(weeks[week] for week in range(last)) / last
        during = sum(weeks[week] for week in range(last, build_corpus.WEEKS)) / SURGE_WEEKS
        assert during < 1.8 * before, category


def test_texts_are_varied_not_one_template(rows: list[dict]) -> None:
    texts = Counter(row["text"] for row in rows)
    assert len(texts) >= 0.8 * len(rows)
    assert max(texts.values()) <= 8
    short = sum(len(row["text"]) < 60 for row in rows)
    assert short >= 0.08 * len(rows), "too few short contributions"
    sentences = [len(re.findall(r"[.!?]+(\s|$)", row["text"])) for row in rows]
    assert sum(count >= 5 for count in sentences) >= 0.04 * len(rows), "too few long ones"
    assert any(row["text"] == row["text"].lower() for row in rows)
    english = [row for row in rows if re.search(r"\b(the|and|please)\b", row["text"])]
    assert 10 <= len(english) <= 0.05 * len(rows)


def test_pii_is_marked_and_only_where_marked(rows: list[dict]) -> None:
    marked = [row for row in rows if row["pii"]]
    assert 10 <= len(marked) <= 30
    assert sum(bool(PHONE.search(row["text"])) for row in marked) >= 5
    assert sum(bool(EMAIL.search(row["text"])) for row in marked) >= 2
    assert sum(bool(ADDRESS.search(row["text"])) for row in marked) >= 4
    for row in rows:
        if not row["pii"]:
            assert not PHONE.search(row["text"]), row["id"]
            assert not EMAIL.search(row["text"]), row["id"]
            assert not ADDRESS.search(row["text"]), row["id"]


def test_residents_file_names_demo_accounts_from_the_corpus(rows: list[dict]) -> None:
    residents = json.loads(RESIDENTS.read_text(encoding="utf-8"))
    assert 8 <= len(residents) <= 10
    names = {row["author"]: row["display_name"] for row in rows}
    for key, person in residents.items():
        assert person["email"].endswith("@example.org")
        assert names[key] == person["display_name"]
    assert len({person["email"] for person in residents.values()}) == len(residents)


def test_handwritten_pools_are_large_enough() -> None:
    texts = set()
    for path in build_corpus.POOLS.glob("*.txt"):
        if path.stem in build_corpus.CATEGORIES or path.stem in ("azc_surge", "pii"):
            texts.update(line[2:] for line in build_corpus.read_lines(path.name))
    assert len(texts) >= 700


def test_build_script_reproduces_the_committed_files() -> None:
    corpus, residents = build_corpus.render(*build_corpus.build())
    assert corpus == CORPUS.read_text(encoding="utf-8")
    assert residents == RESIDENTS.read_text(encoding="utf-8")


def test_another_seed_gives_another_corpus() -> None:
    corpus, _ = build_corpus.render(*build_corpus.build(seed=1))
    assert corpus != CORPUS.read_text(encoding="utf-8")


def test_discontent_set_is_labelled_and_balanced() -> None:
    items = load_jsonl(DISCONTENT)
    assert len(items) >= 350
    for item in items:
        assert set(item) <= {"text", "negative", "note"}
        assert isinstance(item["text"], str) and item["text"].strip()
        assert isinstance(item["negative"], bool)
        assert isinstance(item.get("note", ""), str)
    assert len({item["text"] for item in items}) == len(items)
    share = sum(item["negative"] for item in items) / len(items)
    assert 0.40 <= share <= 0.50
    notes = " ".join(item.get("note", "") for item in items)
    for kind in ("negat", "sarcasm", "question", "proposal"):
        assert kind in notes, kind


def test_texts_about_an_event_are_not_posted_before_it(rows: list[dict]) -> None:
    tagged = []
    for name in [f"{category}.txt" for category in CATEGORIES] + ["azc_surge.txt"]:
        tagged += [text for text in build_corpus.read_pool(name) if text.after is not None]
    assert len(tagged) >= 10
    checked = 0
    for text in tagged:
        for row in rows:
            if text.text[:60] in row["text"]:
                assert datetime.fromisoformat(row["created_at"]) >= text.after, row["id"]
                checked += 1
    assert checked >= 10
