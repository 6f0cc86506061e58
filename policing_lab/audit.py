"""Tools for auditing a predictive system: disparities, a survey check, an impact assessment.

Three pieces of an audit, each small enough to check by hand:

- :func:`disparity_table` puts each group's error rates beside a reference group's, as
  ratios (the framing of the Aequitas audit toolkit, written here from scratch so the
  course does not depend on it);
- :func:`survey_comparison` compares the records with a victimisation-survey-style
  estimate of true offences, side by side of the synthetic city;
- :func:`impact_assessment` scores a short questionnaire in the spirit of Canada's
  Algorithmic Impact Assessment [canadaaia]: impact levels at 25, 50 and 75% of the
  maximum raw impact score, and a 15% reduction of the score when the mitigation answers
  reach 80% of their maximum. The questions (:data:`AIA_QUESTIONS`) are data, written for
  this course; they are not the Canadian questionnaire. :func:`impact_form` turns them
  into an in-page form that scores itself in the reader's browser.

Everything here works on the course's synthetic data; no real system was audited.

>>> result = impact_assessment({"decision": "patrol", "people": "neighbourhoods"})
>>> int(result["raw_impact"]), int(result["level"])
(2, 1)
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._validation import check_choice, check_column, check_frame, check_number, check_rng

__all__ = [
    "AIA_QUESTIONS",
    "LEVEL_CUTS",
    "MITIGATION_SHARE",
    "MITIGATION_REDUCTION",
    "Question",
    "disparity_table",
    "survey_comparison",
    "impact_assessment",
    "impact_level",
    "impact_score",
    "ImpactForm",
    "impact_form",
]

#: Upper bounds of impact levels I, II and III as shares of the maximum raw impact
#: score; above the last one is level IV [canadaaia].
LEVEL_CUTS: tuple[float, float, float] = (0.25, 0.50, 0.75)
#: Mitigation answers must reach this share of their maximum to lower the score [canadaaia].
MITIGATION_SHARE = 0.80
#: ... and then lower it by this share [canadaaia].
MITIGATION_REDUCTION = 0.15

#: Rate columns compared by :func:`disparity_table` by default.
DISPARITY_METRICS: tuple[str, ...] = ("selection_rate", "fpr", "fnr", "ppv")


# --------------------------------------------------------------------------------------
# disparities against a reference group
# --------------------------------------------------------------------------------------
def disparity_table(
    metrics: pd.DataFrame,
    reference_group: Any,
    *,
    columns: Sequence[str] = DISPARITY_METRICS,
    tolerance: float = 0.8,
) -> pd.DataFrame:
    """Each group's rates divided by a reference group's: one row per group and metric.

    Parameters
    ----------
    metrics : pandas.DataFrame
        One row per group with a ``group`` column and the rate columns (shares in
        [0, 1], NaN where undefined), such as the output of
        :func:`policing_lab.fairness.group_metrics`.
    reference_group
        The group the others are compared with; one of ``metrics["group"]``.
    columns : sequence of str, default ("selection_rate", "fpr", "fnr", "ppv")
        The rates to compare, each a column of ``metrics``.
    tolerance : float, default 0.8
        The band of ratios read as "about the same": from ``tolerance`` to
        ``1 / tolerance``, with ``tolerance`` in (0, 1]. The default is the course's
        choice for illustration, not a legal standard.

    Returns
    -------
    pandas.DataFrame
        Columns ``group``, ``metric``, ``value``, ``reference`` (the reference group's
        value), ``disparity`` (``value / reference``; NaN when either is NaN or the
        reference is 0) and ``within_band`` (bool; False where the disparity is NaN).
        The reference group's own rows have disparity 1.

    Examples
    --------
    >>> m = pd.DataFrame({"group": ["A", "B"], "fpr": [0.1, 0.25]})
    >>> disparity_table(m, "A", columns=["fpr"])[["group", "disparity", "within_band"]]
      group  disparity  within_band
    0     A        1.0         True
    1     B        2.5        False
    """
    columns = list(columns)
    if not columns or not all(isinstance(c, str) for c in columns):
        raise ValueError(f"columns must be a non-empty list of column names; got {columns!r}")
    frame = check_frame(metrics, "metrics", ["group", *columns])
    if frame["group"].duplicated().any():
        raise ValueError("metrics must have one row per group; a group appears twice")
    check_choice(reference_group, "reference_group", list(frame["group"]))
    tolerance = check_number(tolerance, "tolerance", low=0.0, high=1.0, low_open=True)
    ref = frame.index[frame["group"] == reference_group][0]
    rows = []
    for column in columns:
        try:
            values = frame[column].to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"metrics[{column!r}] must hold numbers in [0, 1] or NaN") from None
        if np.any((values < 0) | (values > 1)) or np.any(np.isinf(values)):
            raise ValueError(f"metrics[{column!r}] must hold shares in [0, 1] or NaN")
        reference = values[list(frame.index).index(ref)]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(reference > 0, values / reference, np.nan)
        for group, value, disparity in zip(frame["group"], values, ratio, strict=False):
            rows.append(
                {
                    "group": group,
                    "metric": column,
                    "value": float(value),
                    "reference": float(reference),
                    "disparity": float(disparity),
                    "within_band": bool(tolerance <= disparity <= 1 / tolerance),
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------
# records against a survey
# --------------------------------------------------------------------------------------
def survey_comparison(
    sides: pd.DataFrame,
    *,
    survey_share: float = 0.05,
    seed: int | None = None,
    rng: np.random.Generator | None = None,
) -> pd.DataFrame:
    """Recorded incidents against a victimisation-survey-style estimate of true offences.

    A toy survey reaches each true offence independently with probability
    ``survey_share`` (its victim is interviewed and tells the interviewer, reported to
    the police or not); the estimate of true offences is the number reached divided by
    ``survey_share``. Real surveys have sampling designs, recall errors and offences
    without a victim to ask; this one has only binomial sampling noise.

    Parameters
    ----------
    sides : pandas.DataFrame
        One row per area with the columns ``majority_group``, ``true_offences`` and
        ``recorded`` (whole numbers >= 0), such as
        ``policing_lab.summarise(days, city, by="majority_group")``.
    survey_share : float, default 0.05
        Share of true offences the survey reaches, in (0, 1]. Illustrative.
    seed, rng
        Randomness for the survey (NumPy ``default_rng``).

    Returns
    -------
    pandas.DataFrame
        One row per area: ``majority_group``, ``recorded``, ``surveyed`` (offences the
        survey reached), ``survey_estimate`` (``surveyed / survey_share``),
        ``estimated_recording_rate`` (``recorded / survey_estimate``), and, known only in
        the simulation, ``true_offences`` and ``true_recording_rate``.

    Examples
    --------
    >>> sides = pd.DataFrame({"majority_group": ["A", "B"], "true_offences": [1000, 1000],
    ...                       "recorded": [300, 600]})
    >>> out = survey_comparison(sides, survey_share=1.0, seed=0)
    >>> out["estimated_recording_rate"].tolist()
    [0.3, 0.6]
    """
    frame = check_frame(sides, "sides", ["majority_group", "true_offences", "recorded"])
    share = check_number(survey_share, "survey_share", low=0.0, high=1.0, low_open=True)
    generator = check_rng(seed, rng)
    true = check_column(frame, "sides", "true_offences", low=0, integer=True)
    recorded = check_column(frame, "sides", "recorded", low=0, integer=True)
    if np.any(recorded > true):
        raise ValueError("sides['recorded'] must not exceed sides['true_offences'] in any row")
    surveyed = generator.binomial(true.astype(np.int64), share)
    estimate = surveyed / share
    with np.errstate(divide="ignore", invalid="ignore"):
        estimated_rate = np.where(estimate > 0, recorded / estimate, np.nan)
        true_rate = np.where(true > 0, recorded / true, np.nan)
    return pd.DataFrame(
        {
            "majority_group": frame["majority_group"].to_numpy(),
            "recorded": recorded.astype(np.int64),
            "surveyed": surveyed.astype(np.int64),
            "survey_estimate": estimate.astype(float),
            "estimated_recording_rate": estimated_rate.astype(float),
            "true_offences": true.astype(np.int64),
            "true_recording_rate": true_rate.astype(float),
        }
    )


# --------------------------------------------------------------------------------------
# a mini algorithmic impact assessment
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Question:
    """One question of the impact assessment.

    ``kind`` is ``"impact"`` (points raise the impact score) or ``"mitigation"``
    (points count towards the mitigation score); ``options`` maps each answer's key to
    its text and its points (an integer >= 0).
    """

    key: str
    text: str
    kind: str
    options: tuple[tuple[str, str, int], ...]

    def __post_init__(self) -> None:
        check_choice(self.kind, "kind", ("impact", "mitigation"))
        if len(self.options) < 2:
            raise ValueError(f"question {self.key!r} must have at least two options")
        keys = [o[0] for o in self.options]
        if len(set(keys)) != len(keys):
            raise ValueError(f"question {self.key!r} has two options with the same key")
        for _, _, points in self.options:
            if isinstance(points, bool) or not isinstance(points, int) or points < 0:
                raise ValueError(f"points of question {self.key!r} must be integers >= 0")

    @property
    def max_points(self) -> int:
        return max(points for _, _, points in self.options)

    def points(self, answer: str) -> int:
        lookup = {key: points for key, _, points in self.options}
        check_choice(answer, f"answers[{self.key!r}]", list(lookup))
        return lookup[answer]


#: The course's questions, loosely following the areas the Canadian tool asks about
#: (what is decided, about whom, how reversible, what data; then the safeguards).
AIA_QUESTIONS: tuple[Question, ...] = (
    Question(
        "decision",
        "What does the system's output decide or inform?",
        "impact",
        (
            ("patrol", "where patrols go (places, not people)", 1),
            ("stop", "whom officers stop or question", 3),
            ("list", "who is put on a list of people to watch", 4),
        ),
    ),
    Question(
        "people",
        "Whom does it score?",
        "impact",
        (
            ("neighbourhoods", "neighbourhoods or street segments", 1),
            ("people", "named people", 3),
        ),
    ),
    Question(
        "reversible",
        "If it is wrong, can the effect be undone?",
        "impact",
        (
            ("easily", "easily and quickly", 0),
            ("slowly", "slowly or at a cost to the person", 2),
            ("not", "not at all (a detention, a record that follows someone)", 4),
        ),
    ),
    Question(
        "data",
        "What data does it learn from?",
        "impact",
        (
            ("reports", "victims' reports only", 1),
            ("records", "all recorded incidents, including those found by patrols", 2),
            ("personal", "records about people: arrests, contacts, social networks", 4),
        ),
    ),
    Question(
        "vulnerable",
        "Do the people affected include groups already policed more?",
        "impact",
        (
            ("no", "no, or not known to", 0),
            ("yes", "yes", 3),
        ),
    ),
    Question(
        "human",
        "Does a person review every output before anyone acts on it?",
        "mitigation",
        (
            ("no", "no", 0),
            ("yes", "yes, with the authority to overrule it", 2),
        ),
    ),
    Question(
        "audit",
        "Are error rates by group measured and published?",
        "mitigation",
        (
            ("no", "no", 0),
            ("internal", "measured, not published", 1),
            ("published", "measured by an independent body and published", 3),
        ),
    ),
    Question(
        "logs",
        "Are patrols and their outcomes logged, so feedback can be checked?",
        "mitigation",
        (
            ("no", "no", 0),
            ("yes", "yes", 2),
        ),
    ),
    Question(
        "appeal",
        "Can a person affected learn of the decision and contest it?",
        "mitigation",
        (
            ("no", "no", 0),
            ("yes", "yes", 3),
        ),
    ),
)


def impact_level(share: Any) -> int:
    """Impact level (1-4) of a score given as a share of the maximum raw impact score.

    Level I up to 25%, II up to 50%, III up to 75%, IV above [canadaaia].

    >>> [impact_level(s) for s in (0.0, 0.25, 0.26, 0.5, 0.75, 0.76, 1.0)]
    [1, 1, 2, 2, 3, 4, 4]
    """
    share = check_number(share, "share", low=0.0, high=1.0)
    return 1 + sum(share > cut for cut in LEVEL_CUTS)


def impact_score(raw_impact: Any, max_impact: Any, mitigation: Any, max_mitigation: Any) -> float:
    """The impact score: the raw score, lowered by 15% if mitigation reaches 80% [canadaaia].

    Parameters
    ----------
    raw_impact, max_impact : float
        Points scored on the impact questions and their maximum (> 0), with
        ``0 <= raw_impact <= max_impact``.
    mitigation, max_mitigation : float
        Points scored on the mitigation questions and their maximum (>= 0), with
        ``0 <= mitigation <= max_mitigation``. With no mitigation questions (maximum 0)
        there is no reduction.

    >>> impact_score(13, 18, 8, 10)   # 8 of 10 is 80%: 13 lowered by 15%
    11.05
    >>> impact_score(13, 18, 7, 10)
    13.0
    """
    max_impact = check_number(max_impact, "max_impact", low=0.0, low_open=True)
    raw = check_number(raw_impact, "raw_impact", low=0.0, high=max_impact)
    max_mitigation = check_number(max_mitigation, "max_mitigation", low=0.0)
    mitigation = check_number(mitigation, "mitigation", low=0.0, high=max_mitigation)
    share = mitigation / max_mitigation if max_mitigation > 0 else 0.0
    reduced = max_mitigation > 0 and share >= MITIGATION_SHARE - 1e-12  # 8/10 is 80%
    return round(raw * (1 - MITIGATION_REDUCTION), 10) if reduced else raw


def impact_assessment(
    answers: Mapping[str, str], questions: Sequence[Question] = AIA_QUESTIONS
) -> pd.Series:
    """Score a filled-in impact assessment.

    Parameters
    ----------
    answers : mapping of str to str
        The chosen option's key for each question's key. Unanswered questions score 0.
    questions : sequence of Question, default :data:`AIA_QUESTIONS`
        At least one impact question; keys must be unique.

    Returns
    -------
    pandas.Series
        ``raw_impact`` and ``max_impact``; ``mitigation`` and ``max_mitigation``;
        ``mitigation_share``; ``reduced`` (True when the mitigation share is at least
        :data:`MITIGATION_SHARE`); ``score`` (the raw impact, lowered by
        :data:`MITIGATION_REDUCTION` when reduced); ``score_share`` (score / maximum raw
        impact); ``level`` (1-4, from :func:`impact_level`).

    Examples
    --------
    >>> r = impact_assessment({"decision": "list", "people": "people", "reversible": "not",
    ...                        "data": "personal", "vulnerable": "yes", "human": "yes",
    ...                        "audit": "published", "logs": "yes", "appeal": "yes"})
    >>> float(r["raw_impact"]), float(r["score"]), int(r["level"])
    (18.0, 15.3, 4)
    """
    questions = tuple(questions)
    if not questions or not all(isinstance(q, Question) for q in questions):
        raise ValueError("questions must be a non-empty sequence of Question")
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        raise ValueError("questions must have unique keys")
    if not isinstance(answers, Mapping):
        raise ValueError(
            f"answers must be a mapping of question key to option key; got {type(answers).__name__}"
        )
    unknown = sorted(set(answers) - set(keys))
    if unknown:
        raise ValueError(f"answers has unknown questions {unknown}; allowed: {keys}")
    totals = {"impact": 0, "mitigation": 0}
    maxima = {"impact": 0, "mitigation": 0}
    for q in questions:
        maxima[q.kind] += q.max_points
        if q.key in answers:
            totals[q.kind] += q.points(answers[q.key])
    if maxima["impact"] == 0:
        raise ValueError("questions must include impact questions with points above 0")
    mitigation_share = totals["mitigation"] / maxima["mitigation"] if maxima["mitigation"] else 0.0
    raw = float(totals["impact"])
    score = impact_score(raw, maxima["impact"], totals["mitigation"], maxima["mitigation"])
    reduced = score < raw or (raw == 0 and mitigation_share >= MITIGATION_SHARE)
    share = score / maxima["impact"]
    return pd.Series(
        {
            "raw_impact": float(totals["impact"]),
            "max_impact": float(maxima["impact"]),
            "mitigation": float(totals["mitigation"]),
            "max_mitigation": float(maxima["mitigation"]),
            "mitigation_share": float(mitigation_share),
            "reduced": bool(reduced),
            "score": float(score),
            "score_share": float(share),
            "level": impact_level(min(share, 1.0)),
        },
        dtype=object,
    )


_FORM_SCRIPT = r"""
(function () {
  var form = document.getElementById(%(id)s);
  if (!form || form.dataset.ready) { return; }
  form.dataset.ready = "1";
  var spec = JSON.parse(form.dataset.spec);
  var out = form.querySelector(".pl-aia-result");
  var bar = form.querySelector(".pl-aia-bar span");
  var names = ["I", "II", "III", "IV"];
  function update() {
    var raw = 0, mit = 0;
    spec.questions.forEach(function (q) {
      var picked = form.querySelector('input[name="' + form.id + "-" + q.key + '"]:checked');
      var points = picked ? Number(picked.value) : 0;
      if (q.kind === "impact") { raw += points; } else { mit += points; }
    });
    var mitShare = spec.maxMitigation ? mit / spec.maxMitigation : 0;
    var reduced = spec.maxMitigation > 0 && mitShare >= spec.mitigationShare - 1e-12;
    var score = reduced ? raw * (1 - spec.reduction) : raw;
    var share = score / spec.maxImpact;
    var level = 1;
    spec.cuts.forEach(function (cut) { if (share > cut + 1e-12) { level += 1; } });
    bar.style.width = Math.min(100, 100 * share).toFixed(1) + "%%";
    out.textContent = "Raw impact " + raw + " of " + spec.maxImpact + "; mitigation " + mit +
      " of " + spec.maxMitigation + " (" + Math.round(100 * mitShare) + "%%)" +
      (reduced ? ", so the score is lowered by " + Math.round(100 * spec.reduction) + "%%" :
       ", below " + Math.round(100 * spec.mitigationShare) + "%%: no reduction") +
      ". Score " + (Math.round(score * 100) / 100) + " (" + Math.round(100 * share) +
      "%% of the maximum): impact level " + names[level - 1] + ".";
    form.dataset.level = String(level);
    form.dataset.score = String(score);
  }
  form.addEventListener("change", update);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  update();
})();
"""


class ImpactForm:
    """An impact assessment as an in-page form, scored in the browser (no kernel).

    Radio buttons inside labelled fieldsets; the result is a live region, so a screen
    reader announces each new score. The scoring in the page's script is the same as
    :func:`impact_assessment`'s (a browser test checks that they agree).
    """

    def __init__(
        self,
        form_id: str,
        questions: Sequence[Question] = AIA_QUESTIONS,
        answers: Mapping[str, str] | None = None,
    ) -> None:
        if not isinstance(form_id, str) or not form_id.replace("-", "").isalnum():
            raise ValueError(f"form_id must be letters, digits and hyphens; got {form_id!r}")
        self.form_id = form_id
        self.questions = tuple(questions)
        self.answers = dict(answers or {})
        self.result = impact_assessment(self.answers, self.questions)  # validates both

    def _repr_html_(self) -> str:
        q_html = []
        for n, q in enumerate(self.questions, start=1):
            kind = "impact" if q.kind == "impact" else "safeguard"
            items = []
            for key, text, points in q.options:
                checked = " checked" if self.answers.get(q.key) == key else ""
                items.append(
                    f'<label><input type="radio" name="{self.form_id}-{q.key}" '
                    f'value="{points}" data-key="{html.escape(key)}"{checked}> '
                    f"{html.escape(text)} <small>({points} pt)</small></label><br>"
                )
            q_html.append(
                f'<fieldset class="pl-aia-q"><legend>{n}. <span class="pl-aia-kind">'
                f"{kind}</span> {html.escape(q.text)}</legend>{''.join(items)}</fieldset>"
            )
        spec = {
            "questions": [{"key": q.key, "kind": q.kind} for q in self.questions],
            "maxImpact": self.result["max_impact"],
            "maxMitigation": self.result["max_mitigation"],
            "cuts": list(LEVEL_CUTS),
            "mitigationShare": MITIGATION_SHARE,
            "reduction": MITIGATION_REDUCTION,
        }
        r = self.result
        static = (
            f"Raw impact {r['raw_impact']:.0f} of {r['max_impact']:.0f}; impact level "
            f"{('I', 'II', 'III', 'IV')[r['level'] - 1]}."
        )
        return (
            f'<form id="{self.form_id}" class="pl-aia" aria-label="Impact assessment" '
            f"data-spec='{html.escape(json.dumps(spec), quote=True)}'>"
            + "".join(q_html)
            + '<div class="pl-aia-bar" aria-hidden="true"><span></span></div>'
            f'<p class="pl-aia-result" role="status" aria-live="polite">{static}</p>'
            f"</form><script>{_FORM_SCRIPT % {'id': json.dumps(self.form_id)}}</script>"
        )

    def __repr__(self) -> str:
        return f"ImpactForm({self.form_id!r}, level {self.result['level']})"


def impact_form(
    form_id: str,
    questions: Sequence[Question] = AIA_QUESTIONS,
    answers: Mapping[str, str] | None = None,
) -> ImpactForm:
    """The impact assessment as an in-page form; see :class:`ImpactForm`."""
    return ImpactForm(form_id, questions, answers)
