"""Command line: `python -m nlp analyze`, `python -m nlp evaluate` and `evaluate-signals`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from nlp.cli import InputError

VECTORS = {"auto": "auto", "yes": True, "no": False}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of both commands."""
    parser = argparse.ArgumentParser(prog="python -m nlp", description="Kernpunt NLP")
    commands = parser.add_subparsers(dest="command", required=True)
    analyze = commands.add_parser("analyze", help="thema's, ontevredenheid en signalen")
    analyze.add_argument("input", type=Path, help="JSONL: id, text, created_at, area per regel")
    analyze.add_argument("--out", type=Path, required=True, help="map voor de uitvoer")
    analyze.add_argument("--previous", type=Path, help="model.json van een vorige run (vaste ids)")
    analyze.add_argument(
        "--sentence-vectors",
        choices=["auto", "yes", "no"],
        default="auto",
        help="zinsvectoren gebruiken voor thema's en onvrede (auto: tot 5.000 teksten)",
    )
    evaluate = commands.add_parser("evaluate", help="scores tegen gelabelde data")
    evaluate.add_argument("input", type=Path, help="gelabelde JSONL")
    evaluate.add_argument("--categories-field", default="category")
    evaluate.add_argument("--polarity-field", default="negative")
    evaluate.add_argument("--surge-category", help="categorie met de ingebouwde piek")
    evaluate.add_argument("--surge-weeks", type=int, default=4, help="lengte van de piek in weken")
    evaluate.add_argument("--k", default="auto", help="aantal thema's of 'auto'")
    evaluate.add_argument("--sentence-vectors", choices=["auto", "yes", "no"], default="auto")
    replay = commands.add_parser(
        "evaluate-signals", help="vroegsignalering naspelen op echte weekaantallen"
    )
    replay.add_argument("input", type=Path, help="CSV: week, categoryName, regionName, count")
    replay.add_argument(
        "--tune-until",
        type=date.fromisoformat,
        default=date(2022, 12, 31),
        help="laatste dag van de afstemperiode (JJJJ-MM-DD); de weken erna worden beoordeeld",
    )
    replay.add_argument("--method", choices=["shewhart", "cusum"], default="shewhart")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 ok, 2 bad input)."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "analyze":
            from nlp.analyze import analyze

            summary = analyze(args.input, args.out, args.previous, VECTORS[args.sentence_vectors])
            print(summary.line())
        elif args.command == "evaluate-signals":
            from nlp.signals.replay import replay
            from nlp.signals.settings import Settings

            settings = Settings.from_environment(privacy_threshold=0, method=args.method)
            print("\n".join(replay(args.input, args.tune_until, settings)))
        else:
            from nlp.evaluate import evaluate_file

            k = args.k if args.k == "auto" else int(args.k)
            vectors = VECTORS[args.sentence_vectors]
            report = evaluate_file(
                args.input,
                categories_field=args.categories_field,
                polarity_field=args.polarity_field,
                surge_category=args.surge_category,
                surge_weeks=args.surge_weeks,
                k=k,
                sentence_vectors=vectors,
            )
            print(report.text())
    except InputError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 2
    except (ValueError, OSError) as error:
        print(f"fout: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("afgebroken", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
