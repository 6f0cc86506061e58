"""Numbers as readers type them, with what they must be read as.

Shared by the kernel-side tests (test_checks.py, policing_lab.checks.read_number) and the
browser tests (test_site_reader.py, the quiz script), so that both follow the same rules.
"""

# text -> the number it means
READABLE = {
    "60": 60,
    " 60 ": 60,
    "0.11": 0.11,
    "0,11": 0.11,  # decimal comma, as in Argentina or Spain
    "12,5": 12.5,
    ",5": 0.5,
    "1,200": 1200,  # one comma before three digits groups thousands
    "1,234,567": 1_234_567,
    "1.234.567": 1_234_567,
    "1,234.5": 1234.5,
    "1.234,5": 1234.5,
    "1 200": 1200,
    "1\u00a0200": 1200,  # no-break space, as French and Spanish typesetting groups
    "-3": -3,
    "\u22123": -3,  # the minus sign of typeset text
    "+7": 7,
    "4.2e3": 4200,
}

# text -> part of the message the reader is given instead of a grade
REFUSED = {
    "": "Type a number first",
    "6O": "the letter O",  # letter O for zero: parseFloat read it as 6
    "l0": "the letter l",
    "42%": '"%"',
    "6 0": "a space",
    "abc": '"a"',
    "1.2,3": "is not a number",
    "1,2,3": "is not a number",
    ".": "is not a number",
    "1e999": "is not a number",
}
