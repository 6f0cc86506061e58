"""Quizzes render as accessible, self-contained HTML (their behaviour is tested in the
browser in test_site.py)."""

import re

import pytest

from policing_lab.checks import NumericExercise
from policing_lab.quiz import Choice, MultipleChoice, Numeric, Quiz, exercise_quiz


def make_quiz():
    return Quiz(
        "q-demo",
        [
            MultipleChoice(
                "Pick one", [Choice("no", False, "why not"), Choice("yes", True, "why yes")]
            ),
            Numeric("How many?", 60, mistakes={30: "half"}),
        ],
    )


def test_every_control_has_a_label_and_ids_are_unique():
    html = make_quiz()._repr_html_()
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for input_id in re.findall(r'<input[^>]*id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html, input_id
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert html.count('aria-live="polite"') == 2


def test_no_external_resources_and_stable_output():
    html = make_quiz()._repr_html_()
    assert "http" not in html
    assert html == make_quiz()._repr_html_()


def test_feedback_is_escaped():
    quiz = Quiz(
        "q-x",
        [
            MultipleChoice(
                "<b>?", [Choice("<i>", True, '"quoted" & <tag>'), Choice("b", False, "f")]
            )
        ],
    )
    html = quiz._repr_html_()
    assert "<b>?" not in html and "&lt;b&gt;?" in html
    assert 'data-feedback="&quot;quoted&quot; &amp; &lt;tag&gt;"' in html


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Quiz("Bad id", [Numeric("q", 1)]), "quiz_id must start with a letter"),
        (lambda: Quiz("ok", []), "questions must be a non-empty sequence"),
        (lambda: MultipleChoice("q", [Choice("a", True, "")]), "at least 2 Choice"),
        (
            lambda: MultipleChoice("q", [Choice("a", True, ""), Choice("b", True, "")]),
            "exactly 1 correct",
        ),
        (
            lambda: MultipleChoice("", [Choice("a", True, ""), Choice("b", False, "")]),
            "prompt must be",
        ),
        (lambda: Numeric("q", "x"), "answer must be a number"),
        (lambda: Numeric("q", 1, rel_tol=-1), r"rel_tol must be a number in \[0, 1\]"),
        (lambda: Numeric("q", 1, mistakes={"x": "y"}), "mistakes"),
    ],
)
def test_bad_quiz_definitions_are_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_exercise_quiz_grades_as_the_declaration_does():
    # 30% of 200 offences reported: 60 reports (arithmetic, not the code's output)
    ex = NumericExercise(
        "demo-ex1",
        inputs={"offences": 200, "share": 0.3},
        solve=lambda offences, share: offences * share,
        mistakes=lambda expected, offences, share: {share * 100: "That is the percentage."},
        rel_tol=0.02,
        explanation="{answer:.0f} reports.",
    )
    quiz = exercise_quiz(ex)
    (question,) = quiz.questions
    assert quiz.quiz_id == "demo-ex1-answer"
    assert question.answer == 60 and question.rel_tol == 0.02
    assert question.mistakes == {30.0: "That is the percentage."}
    assert question.explanation == "60 reports."
    with pytest.raises(ValueError, match="exercise must be a NumericExercise"):
        exercise_quiz("demo-ex1")
