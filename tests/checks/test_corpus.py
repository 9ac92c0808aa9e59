"""Precision and recall of the checks over a corpus of registers with known gaps (tests/checks/corpus/).

Every finding must be one a DPO would accept (precision) and every planted gap must be found (recall), counted
per code, severity and record: a right rule at the wrong severity counts as a false alarm and a miss.
"""

from collections import Counter

import pytest

from ropa.choices import OrganisationRole

from .register_corpus import Score, api_client, corpus, expected_keys, finding_key, judged_findings, load_register

pytestmark = pytest.mark.django_db

CORPUS = corpus()


def _describe(name: str, expected: Counter, found: Counter) -> list[str]:
    lines = [f"{name}: missed {code} ({severity}) on {record}" for (code, severity, record) in expected - found]
    lines += [f"{name}: false alarm {code} ({severity}) on {record}" for (code, severity, record) in found - expected]
    return lines


def test_precision_and_recall_over_the_corpus_are_100_percent(dpo):
    client = api_client(dpo)
    score, problems = Score(), []
    for name, data in CORPUS.items():
        org_id = load_register(client, name, data)
        found = Counter(finding_key(f) for f in judged_findings(org_id))
        expected = expected_keys(data)
        score.add(expected, found)
        problems += _describe(name, expected, found)
    print(
        f"\ncorpus of {len(CORPUS)} registers: precision {score.precision:.0%} "
        f"({score.true_positives}/{score.true_positives + score.false_positives}), recall {score.recall:.0%} "
        f"({score.true_positives}/{score.true_positives + score.false_negatives})"
    )
    assert (score.precision, score.recall) == (1.0, 1.0), "\n".join(problems)


def test_the_corpus_covers_the_registers_the_issue_names():
    def kinds(data: dict) -> set[str]:
        org, activities = data["organisation"], data["activities"]
        severities = {e["severity"] for e in data["expected"]}
        out = set()
        if not severities & {"error", "warning"}:
            out.add("well-kept")
        if activities and all(a.get("role") == OrganisationRole.PROCESSOR for a in activities):
            out.add("processor")
        if org.get("is_public_body"):
            out.add("public body")
        if (org.get("headcount") or 250) < 10:
            out.add("small")
        if "error" in severities:
            out.add("planted gaps")
        return out

    counted = Counter(k for data in CORPUS.values() for k in kinds(data))
    assert len(CORPUS) >= 8
    assert counted["well-kept"] >= 4 and counted["planted gaps"] >= 3
    assert counted["processor"] >= 1 and counted["public body"] >= 2 and counted["small"] >= 1


def test_third_party_names_are_unique_across_the_corpus():
    """Third parties are shared by the installation: the corpus loads into one database."""
    names = Counter(tp["name"] for data in CORPUS.values() for tp in data.get("third_parties", []))
    assert [n for n, c in names.items() if c > 1] == []


def test_every_expected_finding_says_why():
    assert [(name, e["code"]) for name, data in CORPUS.items() for e in data["expected"] if not e.get("why")] == []
