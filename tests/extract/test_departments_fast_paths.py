"""The fast paths of the clause reader give what the general code gives, on any input.

Each fast path skips work that the general code does for inputs it has no use for (brackets,
街道 to merge, cue words); these properties compare the two on random strings over the
characters that matter, so that a fast path can never change what is extracted.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.departments import (
    _CUE_ROLE,
    _cue_at_end,
    _items,
    _items_general,
    _merge_towns,
    _nested_bracket_pairs,
    _top_level_split,
    bracket_pairs,
)

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


_BRACKET_CHARS = "()[]()（市局、,;"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_BRACKET_CHARS, max_size=30), st.integers(0, 4), st.integers(0, 4))
def test_bracket_pairs_fast_path_equals_the_stack(text: str, cut_start: int, cut_end: int) -> None:
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert bracket_pairs(text, s, e) == _nested_bracket_pairs(text, s, e)


def test_bracket_pairs_examples() -> None:
    text = "(一)市委组织部(人才办)、[市财政局](a]"
    assert bracket_pairs(text, 0, len(text)) == [(0, 2), (8, 12), (14, 19)] == _nested_bracket_pairs(text, 0, len(text))
    nested = "(责任单位:市委组织部(人才办))"
    assert bracket_pairs(nested, 0, len(nested)) == [(0, 16), (11, 15)]


def _split_char_by_char(norm: str, s: int, e: int, separators: str) -> list[tuple[int, int]]:
    """_top_level_split as first written: every character looked at."""
    parts, depth, start = [], 0, s
    for i in range(s, e):
        ch = norm[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in separators:
            parts.append((start, i))
            start = i + 1
    parts.append((start, e))
    return _merge_towns(parts, norm) if "、" in separators and norm.find("街道", s, e) != -1 else parts


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_BRACKET_CHARS + "各镇街道 \t\n", max_size=30), st.integers(0, 4), st.integers(0, 4),
       st.sampled_from([",;，；", ",;", "、,;，； \t\n"]))
def test_top_level_split_equals_char_by_char(text: str, cut_start: int, cut_end: int, separators: str) -> None:
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert _top_level_split(text, s, e, separators) == _split_char_by_char(text, s, e, separators)
