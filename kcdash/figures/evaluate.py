"""`make figures-eval`: how well the proposer reads the test corpus and the two seed reports.

For each document: the figures a steward expects (`<name>.expected.json` beside it in
tests/figures_corpus/, and for the seeds every published figure with a value in
data/published_figures.csv), matched one to one with the proposals; recall, false proposals
(proposals that match nothing expected) and traps taken (a proposal standing on a number the
document's `must_not_propose` list names). A benchmark, not a test: it prints, and the tests
assert each document's expectations on their own.
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kcdash.db import get_database
from kcdash.figures import gazetteer
from kcdash.figures.propose import Proposal, Reading, propose
from kcdash.figures.read import read_document
from kcdash.figures.text import Gazetteer

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "figures_corpus"
SEEDS = REPO.parent / "shared" / "seeds"
COMPARED = ("metric", "unit", "fund_code", "qualifier", "status", "province_code", "district_code", "period_part")


@dataclass
class Outcome:
    name: str
    expected: list[dict[str, object]]
    reading: Reading
    text: str
    matched: list[tuple[dict[str, object], Proposal]] = field(default_factory=list)
    missed: list[dict[str, object]] = field(default_factory=list)
    false: list[Proposal] = field(default_factory=list)
    traps: list[tuple[str, Proposal]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.matched) / len(self.expected) if self.expected else 1.0


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    out, start = [], text.find(quote)
    while start >= 0:
        out.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return out


def matches(expected: dict[str, object], p: Proposal, text: str) -> bool:
    """Same measure, value, unit, fund, qualifier, status, province, district and part of year;
    the same years (a year the expectation leaves empty is not compared); and the proposal's
    number stands inside the expected quote (so the figure is read where it is written)."""
    got = p.as_dict()
    if Decimal(str(expected["value"])) != p.value:
        return False
    for k in COMPARED:
        if k in expected and (expected[k] or None) != (got[k] or None):
            return False
    for k in ("period_from_year", "period_to_year"):
        want = expected.get(k)
        if want is not None and want != got[k]:
            return False
    quote = str(expected.get("quote") or "")
    return any(a <= p.value_start < b for a, b in _spans(text, quote)) if quote else True


def evaluate(name: str, text: str, expected: list[dict[str, object]], traps: list[str], places: Gazetteer) -> Outcome:
    reading = propose(text, places)
    out = Outcome(name, expected, reading, text)
    free = list(reading.proposals)
    for e in expected:
        hit = next((p for p in free if matches(e, p, text)), None)
        if hit is None:
            out.missed.append(e)
        else:
            out.matched.append((e, hit))
            free.remove(hit)
    out.false = free
    for trap in traps:
        for a, b in _spans(text, trap):
            out.traps += [(trap, p) for p in reading.proposals if a <= p.value_start < b]
    return out


def corpus_cases(corpus: Path = CORPUS) -> list[tuple[str, Path, dict[str, object]]]:
    cases = []
    for exp in sorted(corpus.glob("*.expected.json")):
        spec = json.loads(exp.read_text(encoding="utf-8"))
        cases.append((exp.name.removesuffix(".expected.json"), corpus / str(spec["file"]), spec))
    return cases


def seed_expectations(
    seeds: Path = SEEDS, figures_csv: Path = REPO / "data" / "published_figures.csv"
) -> list[tuple[str, Path, list[dict[str, object]]]]:
    """Every published figure with a value, as the proposal that should give it."""
    with figures_csv.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["value"] and r["qualifier"] != "not_reported"]
    out = []
    for source in sorted({r["source_file"] for r in rows}):
        expected: list[dict[str, object]] = []
        for r in rows:
            if r["source_file"] != source:
                continue
            expected.append(
                {
                    "figure_id": r["figure_id"],
                    "metric": r["metric"],
                    "value": r["value"],
                    "unit": r["unit"],
                    "fund_code": r["fund_code"] or None,
                    "qualifier": r["qualifier"],
                    "province_code": r["province_code"],
                    "district_code": r["district_code"] or None,
                    "period_from_year": int(r["period_from_year"]) if r["period_from_year"] else None,
                    "period_to_year": int(r["period_to_year"]) if r["period_to_year"] else None,
                    "quote": r["quote"],
                }
            )
        out.append((source, seeds / source, expected))
    return out


def run_all(places: Gazetteer, corpus: Path = CORPUS, seeds: Path = SEEDS) -> list[Outcome]:
    outcomes = []
    for name, path, expected in seed_expectations(seeds):
        if path.exists():
            doc = read_document(path.read_bytes(), path.name)
            outcomes.append(evaluate(f"seed {name}", doc.text, expected, [], places))
    for _name, path, spec in corpus_cases(corpus):
        doc = read_document(path.read_bytes(), path.name)
        proposals = list(spec["proposals"])  # type: ignore[call-overload]
        traps = [str(x) for x in spec.get("must_not_propose", [])]  # type: ignore[attr-defined]
        outcomes.append(evaluate(path.name, doc.text, proposals, traps, places))
    return outcomes


def _nearest(o: Outcome, e: dict[str, object]) -> str:
    """What the proposal standing in the expected quote got otherwise (for reading a miss)."""
    spans = _spans(o.text, str(e.get("quote") or ""))
    for p in o.reading.proposals:
        if any(a <= p.value_start < b for a, b in spans) and p.value == Decimal(str(e["value"])):
            got = p.as_dict()
            diff = [f"{k}: {got[k]!r} not {e.get(k)!r}" for k in (*COMPARED, "period_from_year", "period_to_year")
                    if k in e and (e.get(k) or None) != (got[k] or None)]  # fmt: skip
            return "  ← got " + "; ".join(diff)
    return "  ← nothing there"


def report(outcomes: list[Outcome], verbose: bool = False) -> str:
    lines = [f"{'document':44} {'expected':>8} {'found':>6} {'recall':>7} {'false':>6} {'traps':>6}"]
    for o in outcomes:
        lines.append(
            f"{o.name:44} {len(o.expected):8d} {len(o.matched):6d} {o.recall:7.0%} {len(o.false):6d} {len(o.traps):6d}"
        )
        if verbose:
            for e in o.missed:
                lines.append(f"    missed: {e.get('metric')} {e.get('value')} «{e.get('quote')}»{_nearest(o, e)}")
            for p in o.false:
                d = p.as_dict()
                lines.append(
                    f"    false:  {d['metric']} {d['value']} {d['fund_code']} {d['qualifier']} {d['status']} {d['period_from_year']}-{d['period_to_year']} {d['period_part']} «{p.quote[:80]}»"
                )
    expected = sum(len(o.expected) for o in outcomes)
    found = sum(len(o.matched) for o in outcomes)
    false = sum(len(o.false) for o in outcomes)
    worst = max((len(o.false) for o in outcomes), default=0)
    lines.append(
        f"{'all ' + str(len(outcomes)) + ' documents':44} {expected:8d} {found:6d} {found / max(expected, 1):7.0%} {false:6d} "
        f"{sum(len(o.traps) for o in outcomes):6d}"
    )
    lines.append(f"target: recall 100 %, at most 1 false proposal per document (worst here: {worst})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.figures.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="list every missed and false proposal")
    args = parser.parse_args(argv)
    print(report(run_all(gazetteer.from_database(get_database())), args.verbose))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
