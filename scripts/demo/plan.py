"""The plan of the Dijkzicht demo corpus: period, kernen, themes, rates and word lists.

Used by scripts/demo/build_corpus.py; the app only loads what it writes
(dialogue/demo/corpus_nl.jsonl and residents.json).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
#: The handwritten texts the generator draws from.
POOLS = HERE / "pools"
#: What the demo loader reads (dialogue.demo, packaged with the app).
CORPUS_PATH = ROOT / "dialogue" / "demo" / "corpus_nl.jsonl"
RESIDENTS_PATH = ROOT / "dialogue" / "demo" / "residents.json"

SEED = 20261122
START = datetime(2026, 5, 25, tzinfo=UTC)  # a Monday; 26 full weeks up to Sunday 22 November
WEEKS = 26
END = START + timedelta(weeks=WEEKS)
# The plan for Hotel De Vaarthoeve is published on this Monday morning.
SURGE_START = datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
DST_END = datetime(2026, 10, 25, 1, 0, tzinfo=UTC)  # Amsterdam goes from UTC+2 to UTC+1

MUNICIPALITY_NAME = "Gemeente Dijkzicht"
MUNICIPALITY_SLUG = "dijkzicht"
KERNEN = ["Dijkzicht", "Oosterwolde-Vaart", "Nijeveen-Zuid", "Holtum", "Ter Laan", "Bovenhuizen"]
KERN_WEIGHTS = [0.40, 0.10, 0.16, 0.14, 0.11, 0.09]
# Dutch labels an official would give the themes (for the demo loader and for evaluation reports).
CATEGORY_LABELS = {
    "windpark": "Windpark en zonnepark",
    "azc": "Opvang asielzoekers",
    "jongerenwoningen": "Woningen voor jongeren",
    "stikstof": "Stikstof en boeren",
    "jongerenoverlast": "Overlast van jongeren",
    "verkeer": "Verkeersveiligheid",
    "bibliotheek": "Bibliotheek en school",
    "afval": "Afvalinzameling",
    "huisarts": "Huisarts en zorg",
    "glasvezel": "Glasvezel en bereik",
}

# Expected contributions per week per theme outside the surge.
WEEKLY_RATE = {
    "windpark": 10.0,
    "azc": 6.5,
    "jongerenwoningen": 7.0,
    "stikstof": 6.0,
    "jongerenoverlast": 8.0,
    "verkeer": 9.0,
    "bibliotheek": 6.0,
    "afval": 8.0,
    "huisarts": 7.0,
    "glasvezel": 6.0,
}
CATEGORIES = list(WEEKLY_RATE)
# Multipliers of the azc rate in the last four weeks (news, information evening, aftermath).
SURGE_MULTIPLIERS = [2.8, 4.6, 3.2, 2.8]
SURGE_POOL_SHARE = 0.8  # share of surge-week azc input drawn from the surge pool

# Kernen that care more about a theme (the author's home kern is drawn from these more often).
THEME_KERNEN = {
    "windpark": ["Dijkzicht", "Ter Laan"],
    "stikstof": ["Holtum", "Bovenhuizen"],
    "bibliotheek": ["Holtum", "Ter Laan"],
    "huisarts": ["Bovenhuizen"],
    "glasvezel": ["Ter Laan", "Bovenhuizen"],
    "jongerenoverlast": ["Dijkzicht"],
    "verkeer": ["Dijkzicht", "Bovenhuizen"],
}

N_AUTHORS = 740
N_DEMO_RESIDENTS = 9
REPOST_RATE = 0.03

TYPO_WORDS = {
    "misschien": "misschein",
    "gebeurt": "gebeurd",
    "wordt": "word",
    "eigenlijk": "eigelijk",
    "bijvoorbeeld": "bijv",
    "precies": "presies",
    "helemaal": "hele maal",
    "alsjeblieft": "aub",
    "gewoon": "gwoon",
    "gemeente": "gemeete",
    "even": "ff",
    "iedereen": "iedereeen",
    "informatieavond": "informatie avond",
    "kinderen": "kindern",
    "vrachtwagens": "vrachtwagen's",
    "jongeren": "jongere",
    "asielzoekers": "asielzoekes",
    "glasvezel": "glasvesel",
    "bibliotheek": "biblotheek",
    "huisarts": "huisarst",
    "stikstof": "stiksof",
    "container": "kontainer",
    "molens": "moolens",
    "starterswoningen": "starters woningen",
    "verkeersdrempel": "verkeers drempel",
    "zonnepanelen": "zonne panelen",
}
REGIONAL_WORDS = {
    "mijn": "mien",
    "niet": "nait",
    "tijd": "tied",
    "huis": "hoes",
    "ook": "ok",
    "heel": "hiel",
    "nu": "nou",
    "gaat": "geet",
    "weet": "wait",
}
