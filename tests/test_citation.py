"""CITATION.cff agrees with the files it repeats (the repository address, the version)."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_citation_repeats_the_repository_address_and_version():
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    url = re.search(r"^\s+url:\s*(\S+)", config, re.M).group(1)
    assert re.search(rf'^repository-code: "?{re.escape(url)}"?$', citation, re.M), url
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert re.search(rf"^version: {re.escape(version)}$", citation, re.M), version
    assert re.search(r"^cff-version: 1\.2\.0$", citation, re.M)
