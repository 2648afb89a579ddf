"""Build labelled JSONL (id, text, category) from real public text kept outside the repository.

    .venv/bin/python benchmarks/build_labelled_corpus.py stackoverflow SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py huffpost SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py wordnet SOURCE OUT.jsonl \
        [--sample 100000 --seed 0]
    .venv/bin/python benchmarks/build_labelled_corpus.py germeval2017 SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py germeval2017sentiment SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py gnad SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py restaurants2014 SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py restaurants2016nl SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py issuepositions SOURCE OUT.jsonl
    .venv/bin/python benchmarks/build_labelled_corpus.py xednl SOURCE OUT.jsonl

`stackoverflow`: the 20,000 Stack Overflow question titles in 20 tags (1,000 each) of
Xu et al., "Short Text Clustering via Convolutional Neural Networks" (NAACL 2015 VSM-NLP
workshop), public GitHub repository jacoxu/StackOverflow, files
`rawText/title_StackOverflow.txt` (one title a line) and `rawText/label_StackOverflow.txt`
(the tag number of that line, 1-20). The titles are Stack Overflow users' posts, licensed
CC BY-SA by Stack Overflow's terms; taken from a Kaggle challenge by the authors.
`huffpost`: a JSON-lines file of Misra's News Category Dataset (HuffPost headlines and
short descriptions with their section; CC BY 4.0); text = headline + ". " + description.
`wordnet`: the glosses of Princeton WordNet 3.0 (117,659 synsets; WordNet 3.0 licence,
free to use, copy and modify with the copyright notice kept), as Debian's package
`wordnet-base` installs them under /usr/share/wordnet (`apt-get download wordnet-base` and
`dpkg-deb -x` give them without installing). Text = the gloss (definition and examples),
category = the lexicographer file of the synset (45: noun.animal, noun.food, verb.motion,
adj.all, ...).
`germeval2017`: German customer feedback on Deutsche Bahn (tweets, forum and news snippets)
of the GermEval 2017 shared task on aspect-based sentiment (Wojatzki et al. 2017; CC BY-NC
4.0 as its organisers publish it), the XML files `dev`, `test_syn` and `test_dia` of
2017-09-15 under `data/` (as in the public GitHub repository KaoCircle/modified_GermEval17)
or at SOURCE's top. Text = the post; category = its aspect category (Zugfahrt, Ticketkauf,
Atmosphäre, ...), kept only for relevant posts whose opinions all have one category other
than "Allgemein" (the general, topic-less one); repeated texts once; categories with fewer
than 20 posts left out.
`germeval2017sentiment`: the same files for discontent: every relevant post (repeated texts
once) with its document sentiment as category (negative, neutral, positive), `negative`
true for the negative ones, and `part` the file it came from (dev, test_syn, test_dia).
`gnad`: the test split of the Ten Thousand German News Articles Dataset (10kGNAD, articles
of the Austrian newspaper DER STANDARD with their section; CC BY-NC-SA 4.0), `test.csv` as in
the public GitHub repository tblock/10kGNAD. Text = the article's first sentence (its
teaser); category = the section (Web, Panorama, Inland, Sport, ...).
`restaurants2014`: the English restaurant review sentences of SemEval-2014 Task 4 (aspect-based
sentiment; Pontiki et al. 2014; the source repository states no licence, so the file stays
outside the repository and serves evaluation only), `Restaurants_Train.xml` as in the
public GitHub repository HugoBrg/sentiment_analysis. Text = the sentence; category = its
aspect category (food, service, ambience, price, anecdotes/miscellaneous), kept only for
sentences with exactly one: aspects of one subject, as a consultation's input has.
`restaurants2016nl`: the Dutch (mostly Flemish) restaurant review sentences of SemEval-2016
Task 5 (annotated by LT3, Ghent University; no licence stated, released for research;
evaluation only), `restaurants_dutch_training.xml` as in the public GitHub repository
davidsbatista/Aspect-Based-Sentiment-Analysis under
`datasets/ABSA-SemEval2016/Training_Data/`. Text = the sentence; category = its aspect
category (SERVICE#GENERAL, FOOD#QUALITY, AMBIENCE#GENERAL, ...), kept only for sentences
with exactly one, other than RESTAURANT#GENERAL (the general, topic-less one); categories
with fewer than 10 sentences left out.
`issuepositions`: Dutch news sentences on the 2023 general election (newspapers and NOS,
with a sentence of context before and after) that coders of Van Atteveldt et al.'s
"Issue Positions" project read for one political issue each (public GitHub repository
vanatteveldt/issuepositions, MIT licence for the repository; the news text belongs to its
publishers, so evaluation only), `data/intermediate/coded_units.csv` as of commit
240844f (it was removed later). Text = the unit (its `**`-marked actor unmarked, a space
put back between sentences run together); category = the issue (Immigration, Environment,
CivilRights, Economic, Agriculture, Education), kept only where the coders' majority found
a stance on it (L or R: the unit is about that issue; N, no stance, often means it is
not) and each text once with one issue.
`xednl` / `xedde`: the Dutch / German movie subtitle lines of XED (Öhman et al., "XED: A
Multilingual Dataset for Sentiment Analysis and Emotion Detection", COLING 2020; CC BY 4.0;
public GitHub repository Helsinki-NLP/XED, `Projections/nl-projections.tsv`): real Dutch
dialogue whose emotions were annotated on the aligned English line and projected, so the
labels are noisier than a native annotation. For discontent: `negative` true where every
emotion is anger, disgust, fear or sadness, false where every one is joy or trust; lines
with both, or only anticipation or surprise, are left out; repeated lines once; `part` dev
(even line numbers) or test (odd ones), so lexicon gaps can be read on one half and the
other half judged.

`--sample N` keeps a seeded random N of the texts (`--seed`, in their original order).

SOURCE is a directory holding the files, or a bare git directory (read at HEAD with
`git show`), such as the one the search tool's `fetch` brings. Nothing of it enters the
repository: write OUT outside it (for example /work/data/stackoverflow/titles.jsonl).
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

#: Where a news teaser's first sentence ends: a stop before a capital, digit or quote.
FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9„\"])")
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


def read_source(source: Path, path: str, revision: str = "HEAD") -> str:
    """Return a file of SOURCE, a plain directory or a bare git directory (at `revision`)."""
    plain = source / path
    if plain.is_file():
        return plain.read_text("utf-8", errors="replace")
    shown = subprocess.run(
        ["git", "--git-dir", str(source), "show", f"{revision}:{path}"],
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


#: The 45 lexicographer files of WordNet 3.0, by number (`man 5 lexnames`).
WORDNET_LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance", "noun.time",
    "verb.body", "verb.change", "verb.cognition", "verb.communication", "verb.competition",
    "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
    "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
]  # fmt: skip


def wordnet(source: Path) -> list[dict[str, str]]:
    """Return every synset's gloss with its lexicographer file as category."""
    rows = []
    for part, letter in (("noun", "n"), ("verb", "v"), ("adj", "a"), ("adv", "r")):
        for line in read_source(source, f"data.{part}").splitlines():
            if line.startswith(" ") or " | " not in line:
                continue  # the licence header, indented by two spaces
            fields, gloss = line.split(" | ", 1)
            offset, lexfile = fields.split()[:2]
            if gloss.strip():
                rows.append(
                    {
                        "id": f"wn{letter}{offset}",  # offsets repeat across files
                        "text": gloss.strip(),
                        "category": WORDNET_LEXNAMES[int(lexfile)],
                    }
                )
    return rows


def _germeval_posts(source: Path) -> Iterator[tuple[str, int, str, ElementTree.Element]]:
    """Yield (part, position, text, document) for each relevant GermEval 2017 post, once."""
    seen: set[str] = set()
    for part in ("dev", "test_syn", "test_dia"):
        name = f"{part}-2017-09-15.xml"
        xml = read_source(source, name if (source / name).is_file() else f"data/{name}")
        root = ElementTree.fromstring(xml)  # noqa: S314  # nosec B314 (a known public file)
        for n, document in enumerate(root.iter("Document")):
            text = " ".join((document.findtext("text") or "").split())
            if document.findtext("relevance") == "true" and text and text not in seen:
                seen.add(text)
                yield part, n, text, document


def germeval2017(source: Path) -> list[dict[str, str]]:
    """Return the relevant posts with exactly one aspect category, "Allgemein" left out."""
    rows = []
    for part, n, text, document in _germeval_posts(source):
        categories = {o.get("category", "").split("#")[0] for o in document.iter("Opinion")}
        if len(categories) == 1:
            (category,) = categories
            if category and category != "Allgemein":
                rows.append({"id": f"ge17{part}{n}", "text": text, "category": category})
    sizes = Counter(row["category"] for row in rows)
    return [row for row in rows if sizes[row["category"]] >= 20]


def germeval2017_sentiment(source: Path) -> list[dict[str, str | bool]]:
    """Return every relevant post with its document sentiment, for discontent scores."""
    rows: list[dict[str, str | bool]] = []
    for part, n, text, document in _germeval_posts(source):
        sentiment = document.findtext("sentiment") or ""
        rows.append(
            {
                "id": f"ge17s{part}{n}",
                "text": text,
                "category": sentiment,
                "negative": sentiment == "negative",
                "part": part,
            }
        )
    return rows


#: XED's emotion numbers (Plutchik's eight): 1 anger, 2 anticipation, 3 disgust, 4 fear,
#: 5 joy, 6 sadness, 7 surprise, 8 trust. Discontent reads the first group as negative.
XED_NEGATIVE = {"1": "anger", "3": "disgust", "4": "fear", "6": "sadness"}
XED_POSITIVE = {"5": "joy", "8": "trust"}


def xed(source: Path, language: str) -> list[dict[str, str | bool]]:
    """Return the subtitle lines whose emotions are all negative or all positive."""
    rows: list[dict[str, str | bool]] = []
    seen: set[str] = set()
    lines = read_source(source, f"Projections/{language}-projections.tsv").splitlines()
    for n, line in enumerate(lines):
        text, _, numbers = line.rpartition("\t")
        text = text.strip().lstrip("-").strip()
        emotions = {number.strip() for number in numbers.split(",")}
        negative = emotions & XED_NEGATIVE.keys()
        positive = emotions & XED_POSITIVE.keys()
        if not text or text in seen or bool(negative) == bool(positive):
            continue
        seen.add(text)
        names = sorted({**XED_NEGATIVE, **XED_POSITIVE}[e] for e in negative | positive)
        rows.append(
            {
                "id": f"xed{language}{n}",
                "text": text,
                "category": "+".join(names),
                "negative": bool(negative),
                "part": "dev" if n % 2 == 0 else "test",
            }
        )
    return rows


def gnad(source: Path) -> list[dict[str, str]]:
    """Return the first sentence of every test article with its section."""
    lines = csv.reader(io.StringIO(read_source(source, "test.csv")), delimiter=";", quotechar="'")
    rows = []
    for n, (section, text) in enumerate(lines):
        first = FIRST_SENTENCE.split(text.strip(), maxsplit=1)[0].strip()
        if first:
            rows.append({"id": f"gnad{n}", "text": first, "category": section})
    return rows


def restaurants2014(source: Path) -> list[dict[str, str]]:
    """Return the review sentences that have exactly one aspect category."""
    return _one_aspect(read_source(source, "Restaurants_Train.xml"), "aspectCategory", "se14r")


def restaurants2016nl(source: Path) -> list[dict[str, str]]:
    """Return the Dutch review sentences with one aspect category, the general one left out."""
    name = "restaurants_dutch_training.xml"
    path = name if (source / name).is_file() else f"datasets/ABSA-SemEval2016/Training_Data/{name}"
    rows = _one_aspect(read_source(source, path), "Opinion", "se16nl")
    rows = [row for row in rows if row["category"] != "RESTAURANT#GENERAL"]
    sizes = Counter(row["category"] for row in rows)
    return [row for row in rows if sizes[row["category"]] >= 10]


def _one_aspect(xml: str, element: str, prefix: str) -> list[dict[str, str]]:
    """Return the SemEval sentences whose `element`s name exactly one aspect category."""
    root = ElementTree.fromstring(xml)  # noqa: S314  # nosec B314 (a known public file)
    rows = []
    for sentence in root.iter("sentence"):
        categories = {aspect.get("category", "") for aspect in sentence.iter(element)}
        text = " ".join((sentence.findtext("text") or "").split())
        if len(categories) == 1 and text:
            (category,) = categories
            rows.append({"id": f"{prefix}{sentence.get('id')}", "text": text, "category": category})
    return rows


#: The last commit of vanatteveldt/issuepositions that holds `coded_units.csv`.
ISSUEPOSITIONS_COMMIT = "240844f2b1eab34e55d6d38d5f6c7e14fdd4ea9d"
#: Sentences of a unit run together without a space ("kunnen.Daarom").
RUN_TOGETHER = re.compile(r"(?<=[a-z\u00e0-\u00ff][.!?])(?=[A-Z\u201c\u201e\"'])")


def issuepositions(source: Path) -> list[dict[str, str]]:
    """Return each unit once with the one issue on which coders found a stance in it."""
    path = "data/intermediate/coded_units.csv"
    table = csv.DictReader(io.StringIO(read_source(source, path, ISSUEPOSITIONS_COMMIT)))
    issues: dict[str, set[str]] = {}
    for row in table:
        text = " ".join(RUN_TOGETHER.sub(" ", row["text"].replace("**", "")).split())
        if text and text != "NA" and row["majority"] in ("L", "R"):
            issues.setdefault(text, set()).add(row["topic"])
    return [
        {"id": f"ip{n}", "text": text, "category": next(iter(topics))}
        for n, (text, topics) in enumerate(issues.items())
        if len(topics) == 1
    ]


BUILDERS = {
    "stackoverflow": stackoverflow,
    "huffpost": huffpost,
    "wordnet": wordnet,
    "germeval2017": germeval2017,
    "germeval2017sentiment": germeval2017_sentiment,
    "gnad": gnad,
    "restaurants2014": restaurants2014,
    "restaurants2016nl": restaurants2016nl,
    "issuepositions": issuepositions,
    "xednl": functools.partial(xed, language="nl"),
    "xedde": functools.partial(xed, language="de"),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", choices=sorted(BUILDERS))
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="keep a seeded random N texts")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = BUILDERS[args.corpus](args.source)
    if 0 < args.sample < len(rows):
        kept = sorted(random.Random(args.seed).sample(range(len(rows)), args.sample))
        rows = [rows[i] for i in kept]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    categories = {row["category"] for row in rows}
    print(f"{len(rows):,} texts, {len(categories)} categories -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
