"""Tests of the canonical datasets in data/ and of their datasheet."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from policing_lab import city as C
from policing_lab import datasets as D

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def test_data_matches_a_fresh_regeneration_byte_for_byte(tmp_path):
    """`make data` runs exactly this command; the files in git must be its output."""
    result = subprocess.run(
        [sys.executable, "-m", "policing_lab.datasets", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONHASHSEED": "random"},
    )
    assert result.returncode == 0, result.stderr
    for name in D.FILES.values():
        fresh = (tmp_path / name).read_bytes()
        shipped = (DATA / name).read_bytes()
        assert fresh == shipped, f"data/{name} differs from a fresh regeneration: run make data"


def test_write_canonical_data_is_repeatable(tmp_path):
    first = D.write_canonical_data(tmp_path / "one")
    second = D.write_canonical_data(str(tmp_path / "two"))
    assert [p.name for p in first] == list(D.FILES.values())
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes()


@pytest.mark.parametrize("name", list(D.FILES.values()))
def test_files_are_small_and_plain(name):
    raw = (DATA / name).read_bytes()
    assert len(raw) < 1_500_000
    assert b"\r" not in raw and raw.endswith(b"\n")
    numbers = re.findall(rb"\d+\.\d+", raw)
    assert all(len(n.split(b".")[1]) == 6 for n in numbers)


def test_load_city_is_the_canonical_city():
    loaded = D.load_city()
    fresh = D.canonical_city()
    assert list(loaded.columns) == list(fresh.columns)
    assert len(loaded) == 36
    pd.testing.assert_frame_equal(loaded, fresh, check_dtype=False, atol=1e-6, rtol=0)


def test_load_neighbourhood_days():
    days = D.load_neighbourhood_days()
    assert list(days.columns) == ["day", "neighbourhood", *C.COUNT_COLUMNS]
    assert len(days) == 365 * 36
    assert (days["recorded"] <= days["true_offences"]).all()
    assert (days["recorded"] >= days[["reported", "discovered"]].max(axis=1)).all()
    assert (days["recorded"] <= days["reported"] + days["discovered"]).all()
    # a real property of the defaults: about 42% of true offences reported (+- 0.01; the
    # year has about 26,000 offences, so the standard error is about 0.003)
    assert days["reported"].sum() / days["true_offences"].sum() == pytest.approx(0.42, abs=0.01)


def test_load_people():
    people = D.load_people()
    assert len(people) == D.N_PEOPLE
    assert people["reoffends"].dtype == bool and people["rearrested"].dtype == bool
    assert set(people["group"]) == {"A", "B"}
    assert (people["prior_arrests"] <= people["true_prior_offences"]).all()
    assert (~people["rearrested"] | people["reoffends"]).all()
    assert set(people["neighbourhood"]) <= set(D.load_city()["neighbourhood"])


def test_summaries_work_on_the_loaded_data():
    summary = C.summarise(D.load_neighbourhood_days(), D.load_city())
    assert {"row", "col", "name"} <= set(summary.columns)
    assert summary["recorded"].sum() == D.load_neighbourhood_days()["recorded"].sum()


def test_loaders_find_the_data_from_another_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(D.DATA_ENV, raising=False)
    assert D.data_directory().resolve() == DATA.resolve()


def test_loaders_accept_a_directory_and_the_environment_variable(tmp_path, monkeypatch):
    D.write_canonical_data(tmp_path)
    assert len(D.load_city(tmp_path)) == 36
    monkeypatch.setenv(D.DATA_ENV, str(tmp_path))
    assert D.data_directory() == tmp_path


def test_loaders_reject_bad_directories(tmp_path):
    for loader in (D.load_city, D.load_neighbourhood_days, D.load_people, D.data_directory):
        with pytest.raises(ValueError, match="directory"):
            loader(tmp_path)  # an empty folder
        with pytest.raises(ValueError, match="directory"):
            loader(3)
    (tmp_path / "city.csv").write_text("neighbourhood\n0\n")
    with pytest.raises(ValueError, match="people.csv"):
        D.load_people(tmp_path)
    (tmp_path / "people.csv").write_text("reoffends,rearrested\nmaybe,no\n")
    with pytest.raises(ValueError, match="reoffends"):
        D.load_people(tmp_path)


def test_missing_data_folder_gives_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setattr(D, "__file__", str(tmp_path / "pkg" / "datasets.py"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(D.DATA_ENV, raising=False)
    with pytest.raises(ValueError, match="make data"):
        D.load_city()


def test_write_canonical_data_rejects(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    for bad in (None, 3, "", a_file, ["data"]):
        with pytest.raises(ValueError, match="directory"):
            D.write_canonical_data(bad)


def test_main_writes_into_the_given_folder(tmp_path, capsys):
    assert D.main([str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(D.FILES.values())
    assert "city.csv" in capsys.readouterr().out


# --------------------------------------------------------------------------------------
# the datasheet
# --------------------------------------------------------------------------------------
def test_datasheet_documents_every_column_seed_and_licence():
    sheet = (DATA / "README.md").read_text(encoding="utf-8")
    for name in D.FILES.values():
        assert name in sheet
        header = (DATA / name).read_text().splitlines()[0].split(",")
        for column in header:
            assert f"`{column}`" in sheet, f"data/README.md does not document {name}:{column}"
    for constant in ("CITY_SEED", "DAYS_SEED", "PEOPLE_SEED"):
        assert str(getattr(D, constant)) in sheet
    assert "CC BY 4.0" in sheet
    for key in ("bjs2023", "aclu2013", "lum2016", "richardson2019"):
        assert key in sheet
    assert "python -m policing_lab.datasets data" in sheet
    lowered = sheet.lower()
    assert "debias" not in lowered and "unbiased" not in lowered


def test_datasheet_numbers_match_the_data():
    """Summary figures quoted in the datasheet must be those of the shipped files."""
    sheet = (DATA / "README.md").read_text(encoding="utf-8")
    days = D.load_neighbourhood_days()
    totals = days[list(C.COUNT_COLUMNS)].sum()
    for column in C.COUNT_COLUMNS:
        assert f"{int(totals[column]):,}" in sheet, column
    people = D.load_people()
    assert f"{len(people):,}" in sheet
    # the sentence on the groups: each figure next to the right group, in the right order
    by = people.groupby("group")[["reoffends", "rearrested", "prior_arrests"]].mean()
    text = " ".join(sheet.split())
    assert f"({by.loc['A', 'reoffends']:.1%} of group A, {by.loc['B', 'reoffends']:.1%}" in text
    assert (
        f"group B is rearrested more often ({by.loc['B', 'rearrested']:.1%} of group B "
        f"against {by.loc['A', 'rearrested']:.1%} of group A)"
    ) in text
    assert (
        f"({by.loc['B', 'prior_arrests']:.2f} per person in group B against "
        f"{by.loc['A', 'prior_arrests']:.2f} in group A)"
    ) in text
    assert np.isclose(totals["reported"] / totals["true_offences"], 0.42, atol=0.01)


# --------------------------------------------------------------------------------------
# the real COMPAS count table
# --------------------------------------------------------------------------------------
COMPAS = DATA / D.COMPAS_FILE


def false_positive_rate(counts, race):
    """Share scored 5 or more among the defendants of ``race`` who were not re-arrested."""
    group = counts[(counts["race"] == race) & (counts["rearrested_within_two_years"] == 0)]
    return group.loc[group["decile_score"] >= 5, "people"].sum() / group["people"].sum()


def test_compas_counts_match_the_figures_of_the_data_readme():
    """The figures the datasheet quotes, computed here directly from the counts."""
    counts = D.load_compas_counts()
    assert len(counts) == 1_292 and counts["people"].sum() == 6_172
    by_race = counts.groupby("race")["people"].sum()
    assert by_race["African-American"] == 3_175 and by_race["Caucasian"] == 2_103
    assert round(false_positive_rate(counts, "African-American"), 4) == 0.4234
    assert round(false_positive_rate(counts, "Caucasian"), 4) == 0.2201


def test_compas_file_is_the_one_the_datasheet_describes():
    import hashlib

    sheet = (DATA / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(COMPAS.read_bytes()).hexdigest()
    assert digest in sheet, "compas_broward_counts.csv changed: real data must not be edited"
    header = COMPAS.read_text(encoding="utf-8").splitlines()[0].split(",")
    for column in header:
        assert f"`{column}`" in sheet, f"data/README.md does not document {column}"
    counts = D.load_compas_counts()
    by_race = counts.groupby("race")["people"].sum()
    quoted = by_race[["African-American", "Caucasian", "Asian", "Native American"]]
    for figure in (len(counts), counts["people"].sum(), *quoted.values):
        assert f"{int(figure):,}" in sheet
    for key in ("angwin2016", "larson2016", "bao2021"):
        assert key in sheet
    assert "not released under the course's CC BY 4.0" in sheet


def test_make_data_leaves_the_real_table_alone(tmp_path):
    written = D.write_canonical_data(tmp_path)
    assert D.COMPAS_FILE not in {p.name for p in written}


def compas_copy(tmp_path, edit):
    """A data folder with the city and an edited copy of the COMPAS table."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / D.FILES["city"]).write_bytes((DATA / D.FILES["city"]).read_bytes())
    frame = pd.read_csv(COMPAS, dtype={"prior_offences": str})
    edit(frame).to_csv(folder / D.COMPAS_FILE, index=False)
    return folder


def _drop_column(f):
    return f.drop(columns="sex")


def _bad_race(f):
    return f.assign(race=f["race"].replace("Other", "Unknown"))


def _decile_zero(f):
    return f.assign(decile_score=f["decile_score"].where(f.index != 0, 0))


def _zero_people(f):
    return f.assign(people=f["people"].where(f.index != 0, 0))


def _fractional_people(f):
    return f.assign(people=f["people"].astype(float) + 0.5)


def _repeated_row(f):
    return pd.concat([f, f.iloc[[0]]]).assign(people=lambda g: g["people"])


def _one_person_less(f):
    return f.assign(people=f["people"] - (f.index == 0))


def _missing_value(f):
    return f.assign(sex=f["sex"].where(f.index != 0, None))


@pytest.mark.parametrize(
    "edit, message",
    [
        (_drop_column, "must have the columns"),
        (_bad_race, "'race' must be one of"),
        (_decile_zero, "'decile_score' must be one of"),
        (_zero_people, "'people' must be whole numbers"),
        (_fractional_people, "'people' must be whole numbers"),
        (_repeated_row, "repeats a combination"),
        (_one_person_less, "must count 6,172 defendants; found 6,171"),
        (_missing_value, "missing values in 'sex'"),
    ],
)
def test_a_damaged_compas_table_is_refused(tmp_path, edit, message):
    folder = compas_copy(tmp_path, edit)
    with pytest.raises(ValueError, match=re.escape(message)):
        D.load_compas_counts(folder)


def test_a_missing_compas_table_says_it_cannot_be_regenerated(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / D.FILES["city"]).write_bytes((DATA / D.FILES["city"]).read_bytes())
    with pytest.raises(ValueError, match="is not regenerated"):
        D.load_compas_counts(folder)
