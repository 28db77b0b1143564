"""The mutation tool's "text only" class: string-literal changes only, also inside a
statement that spans several lines (whose lines do not tokenize on their own)."""

import pytest

from nanomag.mutation import is_text_only


def _diff(old: str, new: str) -> str:
    return f"--- a\n+++ b\n@@ -1 +1 @@\n-{old}\n+{new}\n"


@pytest.mark.parametrize("old, new, expected", [
    ('    return Table(frame, units, "Fig. 5: moment "',
     '    return Table(frame, units, "XXFig. 5: moment XX"', True),
    ('                 "(unscaled; plot only)")', '                 "(UNSCALED; PLOT ONLY)")', True),
    ('    return Table(frame, units, "Fig. 5: moment "',
     '    return Table(frame, None, "Fig. 5: moment "', False),
    ('    x = f(a, "b",', '    x = f(a, None,', False),
    ('    y = 2.0 * x', '    y = 3.0 * x', False),
    ('    name = "a"', '    name = "a"', False),
])
def test_text_only_classification(old, new, expected):
    assert is_text_only(_diff(old, new)) is expected
