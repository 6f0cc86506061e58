"""Exercise answer checks give the right verdict and helpful feedback."""

import numpy as np
import pytest
from typed_numbers import READABLE, REFUSED

from policing_lab import checks
from policing_lab.exercises import EXERCISES


def test_missing_answer_invites_an_attempt():
    fb = checks.grade_number(None, 420, exercise="ex")
    assert fb.status == "missing" and not fb
    assert "Replace None" in fb.message
    assert 'role="status"' in fb._repr_html_()


def test_correct_within_tolerance_and_numpy_scalars():
    assert checks.grade_number(420, 420).correct
    assert checks.grade_number(np.float64(421), 420, rel_tol=0.01).correct
    assert checks.grade_number(np.array([420.0]), 420).correct
    assert not checks.grade_number(430, 420, rel_tol=0.01).correct


def test_known_mistake_gets_its_hint_and_others_a_direction():
    fb = checks.grade_number(42, 420, mistakes={42: "percentage, not count"})
    assert fb.status == "incorrect" and fb.message == "percentage, not count"
    assert "too high" in checks.grade_number(500, 420).message
    assert "too low" in checks.grade_number(100, 420).message


@pytest.mark.parametrize("answer", [[1, 2], float("nan"), True, b"420"])
def test_non_numbers_are_answered_not_raised(answer):
    fb = checks.grade_number(answer, 420)
    assert fb.status == "incorrect" and "single number" in fb.message


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"expected": "x"}, "expected must be a number"),
        ({"rel_tol": 2}, r"rel_tol must be a number in \[0, 1\]"),
        ({"abs_tol": -1}, "abs_tol must be a number >= 0"),
        ({"exercise": 3}, "exercise must be a string label"),
    ],
)
def test_grade_number_rejects_bad_parameters(kwargs, message):
    args = {"answer": 1, "expected": 1, **kwargs}
    with pytest.raises(ValueError, match=message):
        checks.grade_number(**args)


def test_grade_choice():
    options = {"a": "no: a is wrong", "b": "yes: b"}
    assert checks.grade_choice(" B ", "b", options=options).correct
    assert checks.grade_choice("a", "b", options=options).message == "no: a is wrong"
    assert checks.grade_choice("z", "b", options=options).status == "incorrect"
    assert checks.grade_choice(None, "b", options=options).status == "missing"
    with pytest.raises(ValueError, match="expected must be one of"):
        checks.grade_choice("a", "c", options=options)
    with pytest.raises(ValueError, match="options must be a non-empty mapping"):
        checks.grade_choice("a", "a", options={})


def test_course_exercise_how_to_ex2():
    # 42% of 1,000 offences reported [bjs2023]: the answer follows from the exercise text.
    assert checks.check("how-to-ex2", 1000 * 0.42).correct
    assert "percentage" in checks.check("how-to-ex2", 42).message
    assert "NOT reported" in checks.check("how-to-ex2", 580).message
    assert checks.check("how-to-ex2", None).status == "missing"
    with pytest.raises(ValueError, match="exercise must be one of"):
        checks.check("no-such-exercise", 1)


def test_every_registered_exercise_has_a_missing_state():
    for label in EXERCISES:
        assert checks.check(label, None).status == "missing", label


@pytest.mark.parametrize("label", sorted(EXERCISES))
def test_a_missing_answer_offers_an_answer_box_for_the_website(label):
    """No dead end without a kernel: the same check, graded in the browser."""
    import html
    import json
    import re

    feedback = checks.check(label, None)
    assert "On the website" in feedback.message and "replace None" in feedback.message
    page = feedback._repr_html_()
    assert f'<form class="pl-quiz" id="{label}-answer"' in page
    (spec,) = re.findall(r'data-spec="([^"]+)"', page)
    spec = json.loads(html.unescape(spec))
    ex = checks.exercise(label)
    assert spec["answer"] == ex.expected()
    assert (spec["rel"], spec["abs"]) == (ex.rel_tol, ex.abs_tol)
    hints = dict(ex.mistakes(ex.expected(), **ex.inputs)) if ex.mistakes else {}
    assert sorted(v for _, v in spec["mistakes"]) == sorted(hints.values())
    # once answered, in a kernel, the box is gone: the verdict is all that shows
    assert "pl-quiz" not in checks.check(label, ex.expected())._repr_html_()


def test_course_exercise_predicting_ex3_uses_the_shipped_data():
    import pandas as pd

    from policing_lab.datasets import data_directory

    folder = data_directory()
    city = pd.read_csv(folder / "city.csv")
    days = pd.read_csv(folder / "neighbourhood_days.csv")
    merged = days.merge(city[["neighbourhood", "majority_group"]], on="neighbourhood")
    recorded = merged.groupby("majority_group")["recorded"].sum()
    population = city.groupby("majority_group")["population"].sum()
    per_resident = recorded / population
    ratio = per_resident["B"] / per_resident["A"]
    assert checks.check("predicting-ex3", ratio).correct
    assert checks.check("predicting-ex3", round(ratio, 2)).correct
    assert "A side per B side" in checks.check("predicting-ex3", 1 / ratio).message
    assert not checks.check("predicting-ex3", 1.0).correct


def test_course_exercise_records_ex2():
    import math

    # Patrols 0.4 and 1.6 (ratio 4, mean 1); discovery 1 - exp(-0.4 patrol); 20% reported.
    recorded = [1 - 0.8 * math.exp(-0.4 * p) for p in (0.4, 1.6)]
    share = recorded[1] / sum(recorded)
    assert 0.5 < share < 0.8
    assert checks.check("records-ex2", share).correct
    assert "lightly patrolled" in checks.check("records-ex2", 1 - share).message
    assert "percentage" in checks.check("records-ex2", share * 100).message
    assert not checks.check("records-ex2", 0.5).correct


def test_course_exercise_alarms_ex2():
    ppv = (0.001 * 0.95) / (0.001 * 0.95 + 0.999 * 0.02)
    assert 0.04 < ppv < 0.05
    assert checks.check("alarms-ex2", ppv).correct
    assert "TPR" in checks.check("alarms-ex2", 0.95).message
    assert "percentage" in checks.check("alarms-ex2", ppv * 100).message


def test_course_exercise_loops_ex2():
    # Independent fixed-point iteration of the urn's expected dynamics (not the closed form).
    lambda_a, lambda_b, w_r = 3.68511, 2.816466, 0.25
    p = 0.5
    for _ in range(200_000):
        to_a = p * lambda_a + (1 - p) * w_r * lambda_a
        to_b = p * w_r * lambda_b + (1 - p) * lambda_b
        p += 0.01 * (to_a / (to_a + to_b) - p)
    assert 0.6 < p < 0.7
    assert checks.check("loops-ex2", p).correct
    assert checks.check("loops-ex2", round(p, 3)).correct
    assert "true share" in checks.check("loops-ex2", lambda_a / (lambda_a + lambda_b)).message


@pytest.mark.parametrize(("text", "number"), sorted(READABLE.items()))
def test_read_number_reads_what_readers_type(text, number):
    assert checks.read_number(text) == pytest.approx(number)


@pytest.mark.parametrize(("text", "fragment"), sorted(REFUSED.items()))
def test_read_number_refuses_the_rest_and_says_why(text, fragment):
    with pytest.raises(ValueError, match="text must be a number") as error:
        checks.read_number(text)
    assert fragment in str(error.value)


def test_read_number_wants_text():
    with pytest.raises(ValueError, match="text must be a string"):
        checks.read_number(0.11)


def test_typed_answers_are_graded_like_numbers():
    assert checks.grade_number("0,11", 0.11).correct
    assert checks.grade_number("1,200", 1200).correct
    assert checks.grade_number("420", 420).correct
    too_low = checks.grade_number("0,05", 0.11)
    assert too_low.status == "incorrect" and "too low" in too_low.message
    letter = checks.grade_number("6O", 6)  # not read as 6
    assert letter.status == "incorrect" and "the letter O" in letter.message
    assert checks.grade_number("", 6).status == "incorrect"
