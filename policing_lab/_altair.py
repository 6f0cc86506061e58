"""Import Altair without the 4-second detour through an IRI grammar.

Altair imports jsonschema, and jsonschema, when the optional package ``rfc3987_syntax``
is installed (JupyterLab's ``jupyter-events`` brings it), imports it to check the "iri"
string format; that import builds a parsing grammar and takes about 4 of the 5.5 seconds
a reader's first chart cell used to wait. The course never validates IRIs, so while
Altair is imported for the first time that one module is hidden; afterwards it is
importable again as usual. The only effect: jsonschema's format checker, in this Python
session, does not check the "iri" and "iri-reference" formats.

Importing this module imports Altair that way; ``policing_lab.charts`` and
``policing_lab.widgets`` import it before anything else.
"""

from __future__ import annotations

import sys
import types

_SKIPPED = "rfc3987_syntax"


def import_altair() -> types.ModuleType:
    """Return the altair module, importing it (quickly) if it is not imported yet."""
    if "altair" in sys.modules:
        return sys.modules["altair"]
    hide = _SKIPPED not in sys.modules and "jsonschema" not in sys.modules
    if hide:
        sys.modules[_SKIPPED] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import altair
    finally:
        if hide and sys.modules.get(_SKIPPED, False) is None:
            del sys.modules[_SKIPPED]
    return altair


import_altair()
