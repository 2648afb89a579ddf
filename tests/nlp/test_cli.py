"""`python -m nlp analyze` and `evaluate`: the output contract, errors and the summary line."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from nlp.__main__ import main

CONTRIBUTION_FIELDS = {
    "id",
    "theme",
    "theme_confidence",
    "discontent",
    "negative",
    "pii",
    "language",
}
THEME_FIELDS = {"id", "label", "keywords", "size"}
SIGNAL_FIELDS = {"theme", "area", "period_start", "period_end", "kind", "score", "explanation"}
TOPICS = {
    "afval": ["de kliko", "het afval", "de container", "het oud papier", "de vuilniszakken"],
    "verkeer": ["het fietspad", "de drempels", "hardrijders", "de rotonde", "de oversteekplaats"],
    "wind": ["de windmolens", "slagschaduw", "het windpark", "de turbines", "de wieken"],
}
FRAMES = [
    "{a} is een probleem, {b} ook",
    "Waarom gebeurt er niets aan {a}?",
    "ik maak me zorgen over {a} en {b}",
    "Schandalig hoe slecht {a} geregeld is! Bel 06-12345678",
    "Fijn dat {a} en {b} aandacht krijgen",
]


def write_input(path: Path, count: int = 60, seed: int = 0) -> list[dict]:
    """Write a small JSONL input with dates over twelve weeks and three areas."""
    rng = random.Random(seed)
    rows = []
    for number in range(count):
        topic = rng.choice(sorted(TOPICS))
        a, b = rng.sample(TOPICS[topic], 2)
        row = {"id": f"c{number}", "text": rng.choice(FRAMES).format(a=a, b=b), "category": topic}
        if number % 10:
            day = date(2026, 9, 7) + timedelta(days=rng.randrange(84))
            row["created_at"] = f"{day.isoformat()}T10:00:00+02:00"
            row["area"] = rng.choice(["Holtum", "Dijkzicht", "Ter Laan"])
        row["negative"] = "Schandalig" in row["text"]
        rows.append(row)
    rows.append({"id": "leeg", "text": ""})
    rows.append({"id": "emoji", "text": "😡😡😡", "created_at": "2999-01-01"})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return rows


def test_analyze_writes_the_contract_files(tmp_path, capsys):
    rows = write_input(tmp_path / "in.jsonl")
    arguments = ["analyze", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out")]
    assert main([*arguments, "--sentence-vectors", "no"]) == 0
    out = tmp_path / "out"
    lines = (out / "contributions.jsonl").read_text("utf-8").splitlines()
    contributions = [json.loads(line) for line in lines]
    assert [c["id"] for c in contributions] == [r["id"] for r in rows]
    themes = json.loads((out / "themes.json").read_text("utf-8"))
    theme_ids = {t["id"] for t in themes}
    for contribution in contributions:
        assert set(contribution) == CONTRIBUTION_FIELDS
        assert contribution["theme"] is None or contribution["theme"] in theme_ids
        assert 0.0 <= contribution["discontent"] <= 1.0
        assert isinstance(contribution["negative"], bool)
        assert isinstance(contribution["language"], str)
        for span in contribution["pii"]:
            assert set(span) == {"kind", "start", "end"}
    assert any(c["pii"] for c in contributions)  # the phone numbers
    assert {c["theme"] for c in contributions if c["id"] in ("leeg", "emoji")} == {None}
    assert themes
    for theme in themes:
        assert set(theme) == THEME_FIELDS
        assert theme["size"] == sum(c["theme"] == theme["id"] for c in contributions)
        assert all(isinstance(k, str) for k in theme["keywords"])
    signals = json.loads((out / "signals.json").read_text("utf-8"))
    assert isinstance(signals, list)
    for signal in signals:
        assert set(signal) == SIGNAL_FIELDS
        assert signal["kind"] in ("rising_volume", "rising_discontent")
    summary = capsys.readouterr().out.strip().splitlines()
    assert len(summary) == 1
    assert summary[0].startswith(f"{len(rows)} bijdragen, {len(themes)} thema's")


def test_analyze_with_previous_model_keeps_ids(tmp_path):
    write_input(tmp_path / "in.jsonl")
    main(["analyze", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "one"),
          "--sentence-vectors", "no"])  # fmt: skip
    write_input(tmp_path / "more.jsonl", count=70, seed=0)
    previous = tmp_path / "one" / "model.json"
    main(["analyze", str(tmp_path / "more.jsonl"), "--out", str(tmp_path / "two"),
          "--previous", str(previous), "--sentence-vectors", "no"])  # fmt: skip
    first = {t["id"] for t in json.loads((tmp_path / "one" / "themes.json").read_text("utf-8"))}
    second = {t["id"] for t in json.loads((tmp_path / "two" / "themes.json").read_text("utf-8"))}
    assert first & second


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x"}\n{"id": "b", "text": \n', "regel 2: geen geldige JSON"),
        ('{"id": "a", "text": "x"}\n\n[1, 2]\n', "regel 3: verwacht een JSON-object"),
        ('{"text": "x"}\n', "regel 1: veld 'id'"),
        ('{"id": "a", "text": 5}\n', "regel 1: veld 'text'"),
        ('{"id": "a", "text": "x"}\n{"id": "a", "text": "y"}\n', "regel 2: id 'a' komt al"),
        ('{"id": "a", "text": "x", "created_at": 12}\n', "regel 1: veld 'created_at'"),
    ],
)
def test_malformed_input_names_the_line(tmp_path, capsys, content, message):
    source = tmp_path / "bad.jsonl"
    source.write_text(content, "utf-8")
    assert main(["analyze", str(source), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err
    assert message in error
    assert "Traceback" not in error


def test_missing_file_and_binary_file_give_clear_errors(tmp_path, capsys):
    assert main(["analyze", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path)]) == 2
    assert "kan" in capsys.readouterr().err
    binary = tmp_path / "bin.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert main(["analyze", str(binary), "--out", str(tmp_path / "o")]) == 2
    assert "UTF-8" in capsys.readouterr().err


@pytest.mark.slow
def test_analyze_with_sentence_vectors_by_default(tmp_path, capsys):
    write_input(tmp_path / "in.jsonl")
    assert main(["analyze", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out")]) == 0
    model = json.loads((tmp_path / "out" / "model.json").read_text("utf-8"))
    assert model["method"] == "lexical+sentence"
    assert "bijdragen" in capsys.readouterr().out


def test_analyze_has_a_large_inputs_sample_encoded_beside_the_enrichment(tmp_path, monkeypatch):
    from nlp.themes import large
    from tests.nlp.themes.test_encoder import record_texts_encoded_elsewhere

    handed = record_texts_encoded_elsewhere(monkeypatch)
    rows = write_input(tmp_path / "in.jsonl", count=120)
    main(["analyze", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out")])
    main(
        [
            "analyze",
            str(tmp_path / "in.jsonl"),
            "--out",
            str(tmp_path / "o2"),
            "--sentence-vectors",
            "no",
        ]
    )
    texts = [row["text"] for row in rows]
    assert handed == [large.guess_sample(texts), []]
    assert handed[0]  # more distinct texts than the graph takes: a sample to guess


@pytest.mark.slow
def test_command_line_runs_without_traceback(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text("{nope\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "nlp", "analyze", str(source), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2
    assert result.stderr.startswith("fout: regel 1")
    assert "Traceback" not in result.stderr


def test_empty_input_gives_empty_outputs(tmp_path, capsys):
    source = tmp_path / "empty.jsonl"
    source.write_text("", "utf-8")
    assert main(["analyze", str(source), "--out", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "themes.json").read_text("utf-8")) == []
    assert (tmp_path / "out" / "contributions.jsonl").read_text("utf-8") == ""
    assert capsys.readouterr().out.startswith("0 bijdragen")


def test_evaluate_prints_theme_and_polarity_scores(tmp_path, capsys):
    rows = write_input(tmp_path / "in.jsonl", count=90)
    undated = tmp_path / "undated.jsonl"
    undated.write_text(
        "".join(json.dumps({k: v for k, v in r.items() if k != "created_at"}) + "\n" for r in rows),
        "utf-8",
    )
    assert main(["evaluate", str(undated), "--sentence-vectors", "no"]) == 0
    report = capsys.readouterr().out
    assert "ARI" in report
    assert "NMI" in report
    assert "dekking" in report
    assert "macro-F1" in report
    assert "ROC-AUC" in report
