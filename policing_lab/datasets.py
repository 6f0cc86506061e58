"""The course's canonical synthetic datasets: write them, and load them.

Every chapter can use the same city, the same simulated year and the same people, either
by calling the simulation with the seeds below or by loading the small CSV files shipped
in the repository's ``data/`` folder (its ``README.md`` is the datasheet).

Regenerate the files with::

    python -m policing_lab.datasets data

The output is byte-for-byte the same on every run: fixed seeds, fixed row order and a
fixed number format.

Scope
-----
Synthetic data from a stylised toy: no real person, place or police record. Group labels
A and B are abstract.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from .city import PARAMS_KEY, city_params, make_city, simulate_days
from .people import make_people

__all__ = [
    "CITY_SEED",
    "DAYS_SEED",
    "PEOPLE_SEED",
    "N_DAYS",
    "N_PEOPLE",
    "FILES",
    "FLOAT_FORMAT",
    "canonical_city",
    "canonical_neighbourhood_days",
    "canonical_people",
    "write_canonical_data",
    "data_directory",
    "load_city",
    "load_neighbourhood_days",
    "load_people",
]

#: Seed of the canonical city (:func:`policing_lab.city.make_city` with its defaults).
CITY_SEED = 20240726
#: Seed of the canonical simulated year (:func:`policing_lab.city.simulate_days`).
DAYS_SEED = 20240729
#: Seed of the canonical people (:func:`policing_lab.people.make_people`).
PEOPLE_SEED = 2019
#: Number of simulated days in ``neighbourhood_days.csv``.
N_DAYS = 365
#: Number of people in ``people.csv``.
N_PEOPLE = 10_000
#: File name of each dataset.
FILES = {
    "city": "city.csv",
    "neighbourhood_days": "neighbourhood_days.csv",
    "people": "people.csv",
}
#: Number format of every float in the CSV files (6 decimal places).
FLOAT_FORMAT = "%.6f"

#: Environment variable that points the loaders at another data folder.
DATA_ENV = "POLICING_LAB_DATA"


def canonical_city() -> pd.DataFrame:
    """The course's city: :func:`~policing_lab.city.make_city` with its defaults, seeded.

    Examples
    --------
    >>> len(canonical_city())
    36
    """
    return make_city(seed=CITY_SEED)


def canonical_neighbourhood_days() -> pd.DataFrame:
    """The course's simulated year: one row per neighbourhood-day (365 days).

    Examples
    --------
    >>> len(canonical_neighbourhood_days())
    13140
    """
    return simulate_days(canonical_city(), days=N_DAYS, seed=DAYS_SEED)


def canonical_people() -> pd.DataFrame:
    """The course's people: :func:`~policing_lab.people.make_people`, 10,000 people, seeded.

    Examples
    --------
    >>> len(canonical_people())
    10000
    """
    return make_people(canonical_city(), n_people=N_PEOPLE, seed=PEOPLE_SEED)


#: How each file is made, in the order of :data:`FILES`.
_CANONICAL = {
    "city": canonical_city,
    "neighbourhood_days": canonical_neighbourhood_days,
    "people": canonical_people,
}

#: Columns that must read back as booleans, per file.
_BOOLEAN_COLUMNS = {"people": ("reoffends", "rearrested")}


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    text = frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))


def write_canonical_data(directory: Any) -> list[Path]:
    """Write ``city.csv``, ``neighbourhood_days.csv`` and ``people.csv`` into ``directory``.

    Parameters
    ----------
    directory : str or os.PathLike
        Folder to write into; created if missing. Existing files are replaced.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> paths = write_canonical_data(tempfile.mkdtemp())
    >>> [p.name for p in paths]
    ['city.csv', 'neighbourhood_days.csv', 'people.csv']
    """
    if not isinstance(directory, (str, os.PathLike)) or str(directory) == "":
        raise ValueError(f"directory must be a path (str or pathlib.Path); got {directory!r}")
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"directory must be a folder; {str(folder)!r} is a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ValueError(f"directory {str(folder)!r} cannot be created: {error}") from None
    paths = []
    for key, make in _CANONICAL.items():
        path = folder / FILES[key]
        _write_csv(make(), path)
        paths.append(path)
    return paths


def data_directory(directory: Any = None) -> Path:
    """The folder that holds the course's CSV files.

    Looks, in order, at ``directory`` (if given), the environment variable
    ``POLICING_LAB_DATA``, the ``data/`` folder beside the package (a checkout of the
    course's repository) and the ``data/`` folder of the current directory or any folder
    above it (a chapter run from ``chapters/``).

    Raises
    ------
    ValueError
        If no such folder holds ``city.csv``.
    """
    if directory is not None:
        if not isinstance(directory, (str, os.PathLike)):
            raise ValueError(f"directory must be a path (str or pathlib.Path); got {directory!r}")
        folder = Path(directory)
        if not (folder / FILES["city"]).is_file():
            raise ValueError(
                f"directory must be a folder with the course's CSV files; "
                f"{str(folder)!r} has no {FILES['city']}"
            )
        return folder
    candidates = []
    if os.environ.get(DATA_ENV):
        candidates.append(Path(os.environ[DATA_ENV]))
    candidates.append(Path(__file__).resolve().parent.parent / "data")
    here = Path.cwd().resolve()
    candidates.extend(folder / "data" for folder in (here, *here.parents))
    for folder in candidates:
        if (folder / FILES["city"]).is_file():
            return folder
    raise ValueError(
        "the course's data folder was not found: run `python -m policing_lab.datasets data` "
        "in the repository (or `make data`), or set the POLICING_LAB_DATA environment "
        "variable to the folder that holds city.csv"
    )


def _load(key: str, directory: Any) -> pd.DataFrame:
    path = data_directory(directory) / FILES[key]
    if not path.is_file():
        raise ValueError(
            f"{FILES[key]} is missing from {str(path.parent)!r}: run "
            "`python -m policing_lab.datasets data` to regenerate the data"
        )
    frame = pd.read_csv(path)
    for column in _BOOLEAN_COLUMNS.get(key, ()):
        if column in frame.columns and frame[column].dtype != bool:
            raise ValueError(f"{FILES[key]} has unreadable values in {column!r}")
    return frame


def load_city(directory: Any = None) -> pd.DataFrame:
    """Load ``city.csv``: the course's city, one row per neighbourhood.

    Columns as in :func:`policing_lab.city.make_city` (floats rounded to 6 decimals). The
    frame remembers the parameters it was made with, like the output of ``make_city``
    (:func:`policing_lab.city.city_params`).

    Parameters
    ----------
    directory : str or os.PathLike, optional
        Folder with the CSV files; found automatically by default (:func:`data_directory`).

    Examples
    --------
    >>> city = load_city()
    >>> list(city.columns[:4])
    ['neighbourhood', 'name', 'row', 'col']
    >>> city_params(city).seed == CITY_SEED
    True
    """
    city = _load("city", directory)
    city.attrs[PARAMS_KEY] = city_params(canonical_city())
    return city


def load_neighbourhood_days(directory: Any = None) -> pd.DataFrame:
    """Load ``neighbourhood_days.csv``: one simulated year, one row per neighbourhood-day.

    Columns as in :func:`policing_lab.city.simulate_days`: ``day``, ``neighbourhood``,
    ``true_offences`` (TRUE), ``reported``, ``discovered``, ``recorded`` (RECORDED).

    Parameters
    ----------
    directory : str or os.PathLike, optional
        Folder with the CSV files; found automatically by default (:func:`data_directory`).

    Examples
    --------
    >>> days = load_neighbourhood_days()
    >>> int(days["day"].max())
    364
    """
    return _load("neighbourhood_days", directory)


def load_people(directory: Any = None) -> pd.DataFrame:
    """Load ``people.csv``: the course's synthetic people, one row per person.

    Columns as in :func:`policing_lab.people.make_people` (``reoffends`` and
    ``rearrested`` as booleans).

    Parameters
    ----------
    directory : str or os.PathLike, optional
        Folder with the CSV files; found automatically by default (:func:`data_directory`).

    Examples
    --------
    >>> people = load_people()
    >>> sorted(people["group"].unique())
    ['A', 'B']
    """
    return _load("people", directory)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m policing_lab.datasets DIRECTORY``."""
    parser = argparse.ArgumentParser(
        prog="python -m policing_lab.datasets",
        description="Write the course's canonical synthetic datasets (CSV) into DIRECTORY.",
    )
    parser.add_argument("directory", help="folder to write into, for example: data")
    args = parser.parse_args(argv)
    for path in write_canonical_data(args.directory):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
