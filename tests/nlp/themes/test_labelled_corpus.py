"""The labelled-corpus builder of the sample-versus-whole benchmark reads WordNet's data files.

The real files (Debian's `wordnet-base`) stay outside the repository; these lines follow
their format: a licence header indented by two spaces, then one synset a line with its
offset, lexicographer file number, part of speech, words, pointers and " | " gloss.
"""

from __future__ import annotations

import json
import sys

from benchmarks import bench_themes, build_labelled_corpus

HEADER = "  1 This software and database is being provided to you under a licence.\n"
LINES = {
    "noun": "00000001 05 n 01 hound 0 000 | a dog used for hunting by scent\n"
    "00000002 13 n 01 loaf 0 000 | a shaped mass of baked bread\n",
    "verb": '00000003 38 v 01 stroll 0 000 | walk leisurely; "we strolled along"\n',
    "adj": "00000004 00 a 01 quick 0 000 | moving fast\n",
    "adv": "00000005 02 r 01 soon 0 000 | in the near future\n",
}


def _write_wordnet(directory) -> None:
    for part, lines in LINES.items():
        (directory / f"data.{part}").write_text(HEADER + lines, encoding="utf-8")


def test_wordnet_gives_each_gloss_with_its_lexicographer_file(tmp_path) -> None:
    _write_wordnet(tmp_path)

    rows = build_labelled_corpus.wordnet(tmp_path)

    assert [row["category"] for row in rows] == [
        "noun.animal", "noun.food", "verb.motion", "adj.all", "adv.all",
    ]  # fmt: skip
    assert rows[0] == {
        "id": "wnn00000001",
        "text": "a dog used for hunting by scent",
        "category": "noun.animal",
    }
    assert rows[2]["text"] == 'walk leisurely; "we strolled along"'
    assert len({row["id"] for row in rows}) == len(rows)


def test_a_sample_keeps_the_original_order_and_follows_the_seed(tmp_path, monkeypatch) -> None:
    _write_wordnet(tmp_path)
    every = [row["id"] for row in build_labelled_corpus.wordnet(tmp_path)]
    written = []
    for seed in (0, 0, 1, 2, 3):
        out = tmp_path / f"out{seed}.jsonl"
        argv = ["build", "wordnet", str(tmp_path), str(out), "--sample", "3", "--seed", str(seed)]
        monkeypatch.setattr(sys, "argv", argv)
        build_labelled_corpus.main()
        ids = [json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()]
        assert len(ids) == 3
        assert ids == [key for key in every if key in ids]  # in the files' order
        written.append(ids)
    assert written[0] == written[1]  # the same seed, the same texts
    assert len({tuple(ids) for ids in written}) > 1  # another seed, other texts


def test_offsets_that_repeat_across_the_files_get_distinct_ids(tmp_path) -> None:
    _write_wordnet(tmp_path)
    (tmp_path / "data.adv").write_text(
        HEADER + "00000004 02 r 01 fast 0 000 | quickly\n", encoding="utf-8"
    )  # the same offset as the adjective

    ids = [row["id"] for row in build_labelled_corpus.wordnet(tmp_path)]

    assert len(set(ids)) == len(ids)


def test_bench_themes_reads_real_text_from_jsonl(tmp_path) -> None:
    path = tmp_path / "labelled.jsonl"
    rows = [{"id": str(n), "text": f"text {n}", "category": f"c{n % 2}"} for n in range(6)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    texts, categories, probe = bench_themes.load_labelled(path, 4, 0)

    assert texts == ["text 0", "text 1", "text 2", "text 3"]
    assert categories == ["c0", "c1", "c0", "c1"]
    assert probe == ["text 4", "text 5"]  # the rows after the measured ones
    assert bench_themes.load_labelled(path, 6, 0)[2] == [f"text {n}" for n in range(6)]


def _sentence(number: int, text: str, *categories: str) -> str:
    opinions = "".join(f'<Opinion category="{c}" polarity="negative"/>' for c in categories)
    return (
        f'<sentence id="r:{number}"><text>{text}</text><Opinions>{opinions}</Opinions></sentence>'
    )


def test_dutch_restaurant_sentences_keep_one_aspect_without_the_general_one(tmp_path) -> None:
    sentences = [_sentence(n, f"Lange  wachttijd {n}.", "SERVICE#GENERAL") for n in range(10)]
    sentences += [
        _sentence(10, "Niet goedkoop!", "RESTAURANT#GENERAL"),  # the topic-less category
        _sentence(11, "Lekker en vlot.", "FOOD#QUALITY", "SERVICE#GENERAL"),  # two aspects
        _sentence(12, "Verse vis.", "FOOD#QUALITY"),  # a category of fewer than 10
    ]
    xml = f"<Reviews><Review><sentences>{''.join(sentences)}</sentences></Review></Reviews>"
    (tmp_path / "restaurants_dutch_training.xml").write_text(xml, encoding="utf-8")

    rows = build_labelled_corpus.restaurants2016nl(tmp_path)

    assert [row["category"] for row in rows] == ["SERVICE#GENERAL"] * 10
    assert rows[0] == {
        "id": "se16nlr:0",
        "text": "Lange wachttijd 0.",
        "category": "SERVICE#GENERAL",
    }


def test_english_restaurant_sentences_keep_those_with_one_aspect(tmp_path) -> None:
    xml = (
        '<sentences><sentence id="7"><text>The staff was rude.</text><aspectCategories>'
        '<aspectCategory category="service"/></aspectCategories></sentence>'
        '<sentence id="8"><text>Great food, fair prices.</text><aspectCategories>'
        '<aspectCategory category="food"/><aspectCategory category="price"/>'
        "</aspectCategories></sentence></sentences>"
    )
    (tmp_path / "Restaurants_Train.xml").write_text(xml, encoding="utf-8")

    rows = build_labelled_corpus.restaurants2014(tmp_path)

    assert rows == [{"id": "se14r7", "text": "The staff was rude.", "category": "service"}]
