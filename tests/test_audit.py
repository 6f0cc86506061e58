"""The audit module: disparities, the survey check and the impact assessment."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policing_lab import audit, fairness


# --------------------------------------------------------------------------------------
# disparity_table
def test_disparity_by_hand():
    metrics = pd.DataFrame(
        {"group": ["A", "B", "C"], "fpr": [0.10, 0.25, 0.09], "ppv": [0.5, 0.4, 0.0]}
    )
    table = audit.disparity_table(metrics, "A", columns=["fpr", "ppv"])
    got = table.set_index(["metric", "group"])["disparity"]
    assert got["fpr", "A"] == 1.0
    assert got["fpr", "B"] == pytest.approx(2.5)
    assert got["fpr", "C"] == pytest.approx(0.9)
    assert got["ppv", "B"] == pytest.approx(0.8)
    assert got["ppv", "C"] == 0.0
    band = table.set_index(["metric", "group"])["within_band"]
    assert not band["fpr", "B"] and band["fpr", "C"] and band["ppv", "B"]
    assert not band["ppv", "C"]


def test_disparity_reference_zero_or_nan_is_nan():
    metrics = pd.DataFrame({"group": ["A", "B"], "fpr": [0.0, 0.2], "ppv": [np.nan, 0.3]})
    table = audit.disparity_table(metrics, "A", columns=["fpr", "ppv"])
    assert table["disparity"].isna().all()
    assert not table["within_band"].any()


def test_disparity_agrees_with_group_metrics_by_hand():
    # 4 people in A (1 false positive of 2 negatives), 4 in B (2 of 2 negatives)
    y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    y_pred = [1, 0, 1, 0, 1, 1, 1, 1]
    groups = list("AAAABBBB")
    table = audit.disparity_table(fairness.group_metrics(y_true, y_pred, groups), "A")
    fpr = table[(table["metric"] == "fpr") & (table["group"] == "B")]["disparity"].item()
    assert fpr == pytest.approx((2 / 2) / (1 / 2))
    sel = table[(table["metric"] == "selection_rate") & (table["group"] == "B")]
    assert sel["disparity"].item() == pytest.approx((4 / 4) / (2 / 4))


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"reference_group": "Z"}, "reference_group"),
        ({"reference_group": "A", "tolerance": 0}, "tolerance"),
        ({"reference_group": "A", "tolerance": 1.5}, "tolerance"),
        ({"reference_group": "A", "columns": ["nope"]}, "columns"),
        ({"reference_group": "A", "columns": []}, "columns"),
    ],
)
def test_disparity_rejects_bad_input(kwargs, word):
    metrics = pd.DataFrame({"group": ["A", "B"], "fpr": [0.1, 0.2]})
    kwargs.setdefault("columns", ["fpr"])
    with pytest.raises(ValueError, match=word):
        audit.disparity_table(metrics, **kwargs)


def test_disparity_rejects_rates_outside_unit_interval_and_duplicates():
    with pytest.raises(ValueError, match="fpr"):
        audit.disparity_table(
            pd.DataFrame({"group": ["A", "B"], "fpr": [0.1, 1.2]}), "A", columns=["fpr"]
        )
    with pytest.raises(ValueError, match="one row per group"):
        audit.disparity_table(
            pd.DataFrame({"group": ["A", "A"], "fpr": [0.1, 0.2]}), "A", columns=["fpr"]
        )
    with pytest.raises(ValueError, match="metrics"):
        audit.disparity_table([0.1, 0.2], "A")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=2, max_size=6), st.floats(0.05, 1.0))
def test_disparity_properties(rates, tolerance):
    groups = [f"g{i}" for i in range(len(rates))]
    metrics = pd.DataFrame({"group": groups, "fpr": rates})
    table = audit.disparity_table(metrics, "g0", columns=["fpr"], tolerance=tolerance)
    ratio = np.array(rates) / rates[0]
    np.testing.assert_allclose(table["disparity"], ratio)
    expected_band = (ratio >= tolerance) & (ratio <= 1 / tolerance)
    assert table["within_band"].tolist() == expected_band.tolist()


# --------------------------------------------------------------------------------------
# survey_comparison
def _sides(true=(1000, 2000), recorded=(300, 1200)):
    return pd.DataFrame(
        {"majority_group": ["A", "B"], "true_offences": list(true), "recorded": list(recorded)}
    )


def test_full_survey_recovers_true_recording_rate():
    out = audit.survey_comparison(_sides(), survey_share=1.0, seed=1)
    assert out["survey_estimate"].tolist() == [1000.0, 2000.0]
    assert out["estimated_recording_rate"].tolist() == pytest.approx([0.3, 0.6])
    assert out["true_recording_rate"].tolist() == pytest.approx([0.3, 0.6])


def test_survey_estimate_is_unbiased_and_seeded():
    sides = _sides(true=(100_000, 100_000), recorded=(30_000, 60_000))
    a = audit.survey_comparison(sides, survey_share=0.1, seed=3)
    b = audit.survey_comparison(sides, survey_share=0.1, seed=3)
    pd.testing.assert_frame_equal(a, b)
    # binomial(100,000, 0.1): sd of the estimate is sqrt(n p (1-p)) / p ~ 949 offences
    assert np.all(np.abs(a["survey_estimate"] - 100_000) < 5 * 949)
    many = [
        audit.survey_comparison(sides, survey_share=0.1, rng=np.random.default_rng(s))[
            "survey_estimate"
        ].mean()
        for s in range(40)
    ]
    assert abs(np.mean(many) - 100_000) < 5 * 949 / math.sqrt(80)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"survey_share": 0}, "survey_share"),
        ({"survey_share": 1.1}, "survey_share"),
    ],
)
def test_survey_rejects_bad_share(kwargs, word):
    with pytest.raises(ValueError, match=word):
        audit.survey_comparison(_sides(), **kwargs)


def test_survey_rejects_more_records_than_offences():
    with pytest.raises(ValueError, match="recorded"):
        audit.survey_comparison(_sides(recorded=(1001, 5)))
    with pytest.raises(ValueError, match="sides"):
        audit.survey_comparison(pd.DataFrame({"majority_group": ["A"]}))


# --------------------------------------------------------------------------------------
# impact assessment
def test_level_cuts_by_hand():
    assert [audit.impact_level(s) for s in (0, 0.2, 0.25, 0.3, 0.5, 0.51, 0.75, 0.8, 1)] == [
        1,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    with pytest.raises(ValueError, match="share"):
        audit.impact_level(1.5)


def test_assessment_by_hand_without_and_with_reduction():
    # impact: stop 3 + people 3 + slowly 2 + records 2 + yes 3 = 13 of 4+3+4+4+3 = 18
    answers = {
        "decision": "stop",
        "people": "people",
        "reversible": "slowly",
        "data": "records",
        "vulnerable": "yes",
    }
    r = audit.impact_assessment(answers)
    assert (r["raw_impact"], r["max_impact"], r["score"]) == (13, 18, 13)
    assert r["level"] == 3  # 13/18 = 72% is at most 75%
    # mitigation 2 + 1 + 2 + 3 = 8 of 10 = 80%: lowered by 15% to 11.05, 61%: level III
    r = audit.impact_assessment(
        {**answers, "human": "yes", "audit": "internal", "logs": "yes", "appeal": "yes"}
    )
    assert r["mitigation_share"] == pytest.approx(0.8) and r["reduced"]
    assert r["score"] == pytest.approx(13 * 0.85)
    assert r["level"] == 3
    # 7 of 10 = 70%: no reduction
    r = audit.impact_assessment(
        {
            **answers,
            "human": "yes",
            "audit": "internal",
            "logs": "yes",
            "appeal": "no",
            "vulnerable": "yes",
        }
    )
    assert not r["reduced"] and r["score"] == 13


def test_reduction_can_lower_the_level():
    # 4 + 3 + 4 + 4 + 0 = 15/18 = 83% -> IV; with the reduction 12.75/18 = 71% -> III
    answers = {
        "decision": "list",
        "people": "people",
        "reversible": "not",
        "data": "personal",
        "vulnerable": "no",
    }
    assert audit.impact_assessment(answers)["level"] == 4
    full = {"human": "yes", "audit": "published", "logs": "yes", "appeal": "yes"}
    assert audit.impact_assessment({**answers, **full})["level"] == 3


def test_assessment_rejects_bad_answers():
    with pytest.raises(ValueError, match="unknown questions"):
        audit.impact_assessment({"colour": "red"})
    with pytest.raises(ValueError, match="decision"):
        audit.impact_assessment({"decision": "drone"})
    with pytest.raises(ValueError, match="answers"):
        audit.impact_assessment(["patrol"])
    with pytest.raises(ValueError, match="questions"):
        audit.impact_assessment({}, questions=[])
    with pytest.raises(ValueError, match="kind"):
        audit.Question("x", "?", "other", (("a", "a", 0), ("b", "b", 1)))
    with pytest.raises(ValueError, match="integers"):
        audit.Question("x", "?", "impact", (("a", "a", 0), ("b", "b", -1)))


_ANSWERS = st.fixed_dictionaries(
    {}, optional={q.key: st.sampled_from([o[0] for o in q.options]) for q in audit.AIA_QUESTIONS}
)


@settings(max_examples=150, deadline=None)
@given(_ANSWERS)
def test_assessment_properties(answers):
    r = audit.impact_assessment(answers)
    points = {q.key: dict((k, p) for k, _, p in q.options) for q in audit.AIA_QUESTIONS}
    kinds = {q.key: q.kind for q in audit.AIA_QUESTIONS}
    raw = sum(points[k][v] for k, v in answers.items() if kinds[k] == "impact")
    mit = sum(points[k][v] for k, v in answers.items() if kinds[k] == "mitigation")
    assert r["raw_impact"] == raw and r["mitigation"] == mit
    assert r["reduced"] == (mit >= 0.8 * r["max_mitigation"])
    assert r["score"] == pytest.approx(raw * (0.85 if r["reduced"] else 1.0))
    share = r["score"] / r["max_impact"]
    assert r["level"] == max(1, math.ceil(round(4 * share, 9)))  # independent of the cuts
    # more safeguards never raise the level
    best = {**answers, "human": "yes", "audit": "published", "logs": "yes", "appeal": "yes"}
    assert audit.impact_assessment(best)["level"] <= r["level"]


def test_form_html_holds_every_option_and_no_outside_resource():
    form = audit.impact_form("aia-test", answers={"decision": "stop"})
    page = form._repr_html_()
    for q in audit.AIA_QUESTIONS:
        for key, _text, points in q.options:
            assert f'name="aia-test-{q.key}" value="{points}" data-key="{key}"' in page
    assert page.count("<fieldset") == len(audit.AIA_QUESTIONS)
    assert 'role="status"' in page and "checked" in page
    assert not re.search(r"https?://", page)
    with pytest.raises(ValueError, match="form_id"):
        audit.impact_form("no spaces")


def test_impact_score_by_hand_and_validation():
    assert audit.impact_score(13, 18, 8, 10) == pytest.approx(13 * 0.85)
    assert audit.impact_score(13, 18, 79, 100) == 13
    assert audit.impact_score(20, 40, 0, 0) == 20  # no mitigation questions: no reduction
    for args, word in (
        ((19, 18, 0, 10), "raw_impact"),
        ((1, 0, 0, 10), "max_impact"),
        ((1, 18, 11, 10), "mitigation"),
        ((1, 18, 0, -1), "max_mitigation"),
    ):
        with pytest.raises(ValueError, match=word):
            audit.impact_score(*args)
