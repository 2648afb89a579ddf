"""Build labelled JSONL (id, text, category) from real public text kept outside the repository.

    .venv/bin/python benchmarks/build_labelled_corpus.py stackoverflow SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py huffpost SOURCE OUT.jsonl

`stackoverflow`: the 20,000 Stack Overflow question titles in 20 tags (1,000 each) of
Xu et al., "Short Text Clustering via Convolutional Neural Networks" (NAACL 2015 VSM-NLP
workshop), public GitHub repository jacoxu/StackOverflow, files
`rawText/title_StackOverflow.txt` (one title a line) and `rawText/label_StackOverflow.txt`
(the tag number of that line, 1-20). The titles are Stack Overflow users' posts, licensed
CC BY-SA by Stack Overflow's terms; taken from a Kaggle challenge by the authors.
`huffpost`: a JSON-lines file of Misra's News Category Dataset (HuffPost headlines and
short descriptions with their section; CC BY 4.0); text = headline + ". " + description.

SOURCE is a directory holding the files, or a bare git directory (read at HEAD with
`git show`), such as the one the search tool's `fetch` brings. Nothing of it enters the
repository: write OUT outside it (for example /work/data/stackoverflow/titles.jsonl).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

STACKOVERFLOW_TAGS = [
    "wordpress",
    "oracle",
    "svn",
    "apache",
    "excel",
    "matlab",
    "visual-studio",
    "cocoa",
    "osx",
    "bash",
    "spring",
    "hibernate",
    "scala",
    "sharepoint",
    "ajax",
    "qt",
    "drupal",
    "linq",
    "haskell",
    "magento",
]


def read_source(source: Path, path: str) -> str:
    """Return a file of SOURCE, a plain directory or a bare git directory (at HEAD)."""
    plain = source / path
    if plain.is_file():
        return plain.read_text("utf-8", errors="replace")
    shown = subprocess.run(
        ["git", "--git-dir", str(source), "show", f"HEAD:{path}"],
        capture_output=True,
        check=True,
    )
    return shown.stdout.decode("utf-8", errors="replace")


def stackoverflow(source: Path) -> list[dict[str, str]]:
    """Return the 20,000 titles with their tag as category."""
    titles = read_source(source, "rawText/title_StackOverflow.txt").splitlines()
    tags = read_source(source, "rawText/label_StackOverflow.txt").split()
    if len(titles) != len(tags):
        raise SystemExit(f"{len(titles)} titles but {len(tags)} labels")
    return [
        {"id": f"so{n}", "text": title.strip(), "category": STACKOVERFLOW_TAGS[int(tag) - 1]}
        for n, (title, tag) in enumerate(zip(titles, tags, strict=True))
        if title.strip()
    ]


def huffpost(source: Path) -> list[dict[str, str]]:
    """Return headline + description with the HuffPost section as category."""
    name = "News_Category_Dataset_v3.json"
    rows = []
    for n, line in enumerate(read_source(source, name).splitlines()):
        if not line.strip():
            continue
        item = json.loads(line)
        text = ". ".join(p.strip() for p in (item["headline"], item["short_description"]) if p)
        if text:
            rows.append({"id": f"hp{n}", "text": text, "category": item["category"]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", choices=("stackoverflow", "huffpost"))
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    rows = stackoverflow(args.source) if args.corpus == "stackoverflow" else huffpost(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    categories = {row["category"] for row in rows}
    print(f"{len(rows):,} texts, {len(categories)} categories -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
