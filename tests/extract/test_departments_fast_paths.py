"""The fast paths of the clause reader give what the general code gives, on any input.

Each fast path skips work that the general code does for inputs it has no use for (brackets,
街道 to merge, cue words); these properties compare the two on random strings over the
characters that matter, so that a fast path can never change what is extracted.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.departments import _CUE_ROLE, _cue_at_end, _items, _items_general

# Separators, the characters _strip and 等 removal look at, and name characters.
_LIST_CHARS = "、,;，； \t\n:：等。.市发改局财政各镇街道办"
_CUE_CHARS = "牵头负责配合参与协同落实按职分工各其责市局"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_LIST_CHARS, max_size=40), st.integers(0, 5), st.integers(0, 5))
def test_items_fast_path_equals_general(text: str, cut_start: int, cut_end: int) -> None:
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert list(_items(text, s, e)) == list(_items_general(text, s, e))


def test_items_fast_path_examples() -> None:
    text = "市发改局、:市财政局等:、 市工信局。;局"
    assert [text[a:b] for a, b in _items(text, 0, len(text))] == ["市发改局", "市财政局", "市工信局"]
    assert list(_items(text, 0, len(text))) == list(_items_general(text, 0, len(text)))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_CUE_CHARS, max_size=16))
def test_cue_at_end_is_the_longest_cue_the_group_ends_with(group: str) -> None:
    ending = [c for c in _CUE_ROLE if group.endswith(c)]
    expected = max(ending, key=len) if ending else None
    assert _cue_at_end(group, 0, len(group)) == expected


def test_cue_at_end_examples() -> None:
    assert _cue_at_end("市发改局牵头负责", 0, 8) == "牵头负责"
    assert _cue_at_end("市财政局配合", 0, 6) == "配合"
    assert _cue_at_end("市财政局", 0, 4) is None
