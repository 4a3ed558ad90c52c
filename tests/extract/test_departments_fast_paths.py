"""The fast paths of the clause reader give what the general code gives, on any input.

Each fast path skips work that the general code does for inputs it has no use for (brackets,
街道 to merge, cue words); these properties compare the two on random strings over the
characters that matter, so that a fast path can never change what is extracted.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.departments import (
    _CONVENTION_ANCHOR,
    _CUE_ROLE,
    _LINE_LABEL,
    _SENTENCE_CUE,
    Context,
    _convention_anchors,
    _cue_at_end,
    _item_names,
    _item_names_in,
    _items,
    _items_general,
    _line_labels,
    _listed_by_label,
    _listed_general,
    _merge_towns,
    _nested_bracket_pairs,
    _sentence_cues,
    _starts_line_label,
    _top_level_split,
    bracket_pairs,
)
from extract.records import Role, Span
from ontology.gazetteer import Gazetteer, load_gazetteer

# Separators, the characters _strip and 等 removal look at, and name characters.
_LIST_CHARS = "、,;，； \t\n:：等。.市发改局财政各镇街道办"
_CUE_CHARS = "牵头负责配合参与协同落实按职分工各其责市局"


def _spans(items: list[tuple[int, str]], text: str) -> list[tuple[int, int]]:
    """_items' (start, name) as the (start, end) that _items_general gives, each name checked against the text."""
    assert all(text[a:a + len(name)] == name for a, name in items)
    return [(a, a + len(name)) for a, name in items]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_LIST_CHARS, max_size=40), st.integers(0, 5), st.integers(0, 5))
def test_items_fast_path_equals_general(text: str, cut_start: int, cut_end: int) -> None:
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert _spans(_items(text, s, e), text) == list(_items_general(text, s, e))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="、、、市发改局财政(人才办)", max_size=30), st.integers(0, 5), st.integers(0, 5))
def test_items_of_plain_lists_equal_general(text: str, cut_start: int, cut_end: int) -> None:
    """Lists separated by 、 alone, with and without brackets: the plain path and the others."""
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    assert _spans(_items(text, s, e), text) == list(_items_general(text, s, e))


def test_items_fast_path_examples() -> None:
    text = "市发改局、:市财政局等:、 市工信局。;局"
    assert _items(text, 0, len(text)) == [(0, "市发改局"), (6, "市财政局"), (14, "市工信局")]
    assert _spans(_items(text, 0, len(text)), text) == list(_items_general(text, 0, len(text)))
    plain = "市发改局、市财政局、局、、市工信局"
    assert _items(plain, 0, len(plain)) == [(0, "市发改局"), (5, "市财政局"), (13, "市工信局")]
    assert _items(plain, 2, 7) == [(2, "改局"), (5, "市财")]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_CUE_CHARS, max_size=16))
def test_cue_at_end_is_the_longest_cue_the_group_ends_with(group: str) -> None:
    ending = [c for c in _CUE_ROLE if group.endswith(c)]
    expected = max(ending, key=len) if ending else None
    assert _cue_at_end(group, 0, len(group)) == expected


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=_CUE_CHARS, max_size=16), st.integers(0, 6))
def test_cue_at_end_reads_no_further_back_than_the_group(text: str, start: int) -> None:
    s = min(start, len(text))
    ending = [c for c in _CUE_ROLE if text[s:].endswith(c)]
    expected = max(ending, key=len) if ending else None
    assert _cue_at_end(text, s, len(text)) == expected


def test_cue_at_end_examples() -> None:
    assert _cue_at_end("市发改局牵头负责", 0, 8) == "牵头负责"
    assert _cue_at_end("市财政局配合", 0, 6) == "配合"
    assert _cue_at_end("市财政局", 0, 4) is None
    assert _cue_at_end("共同牵头负责", 2, 6) == "牵头负责"
    assert _cue_at_end("按职责分工负责", 0, 7) == "按职责分工负责"


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


# Labels (and pieces of them), the white space between a label and its colon, and what may stand around them.
_LABEL_TOKENS = st.lists(st.sampled_from(["责任单位", "牵头单位", "牵头责任单位", "配合单位", "责任", "单位", "主体", "部门", ":", ":",
                                          " ", "\t", "\n", "\u3000", "。", ";", "市局", "头"]), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_LABEL_TOKENS, st.text(alphabet="责任单位牵头配合部门主要协同处室体: \t\n\u3000。;市局", max_size=30)),
       st.integers(0, 4), st.integers(0, 4))
def test_line_labels_read_backwards_equal_the_regex(text: str, cut_start: int, cut_end: int) -> None:
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = [m.start() for m in _LINE_LABEL.finditer(text, s, e) if _starts_line_label(text, m.start())]
    assert _line_labels(text, s, e, text[s:e][::-1]) == expected


def test_line_labels_examples() -> None:
    text = "(责任单位:A)\n牵头责任单位 :市发改局 配合单位:市财政局;时间:2024年"
    assert [m.start() for m in _LINE_LABEL.finditer(text)] == [1, 9, 22]
    assert _line_labels(text, 0, len(text), text[::-1]) == [9, 22]  # not 1: a label in a bracket
    assert text[9:15] == "牵头责任单位"  # the longest label before the colon, not 责任单位 inside it
    assert [m.start() for m in _LINE_LABEL.finditer(text, 10)] == [11, 22]  # from 10 on, 责任单位 is the longest
    assert _line_labels(text, 10, len(text), text[10:][::-1]) == [22]  # and it follows 头, inside the label
    assert _line_labels(text, 9, len(text), text[9:][::-1]) == [9, 22]  # the text read starts at a line


_CUE_TOKENS = st.lists(st.sampled_from(["牵头", "负责", "牵头负责", "共同牵头负责", "配合", "按职责分工负责", "落实", "组织实施", "市局",
                                        "由", "头", "责", " ", "\t", "。", ";", "\n", ","]), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_CUE_TOKENS, st.text(alphabet=_CUE_CHARS + " \t。;\n共同抓好组织实施统筹指导督", max_size=30)),
       st.integers(0, 4), st.integers(0, 4))
def test_sentence_cues_read_backwards_equal_the_regex(text: str, cut_start: int, cut_end: int) -> None:
    s, e = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    expected = [(m.start(), m.end()) for m in _SENTENCE_CUE.finditer(text, s, e)]
    assert _sentence_cues(text, s, e, text[s:e][::-1]) == expected


def test_sentence_cues_examples() -> None:
    text = "由市发改委牵头，市财政局配合。市住建局共同牵头负责 ;各部门负责\n要落实 \t"
    expected = [(m.start(), m.end()) for m in _SENTENCE_CUE.finditer(text)]
    assert _sentence_cues(text, 0, len(text), text[::-1]) == expected
    assert [text[a:b] for a, b in expected] == ["配合", "共同牵头负责", "负责", "落实"]


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="为是牵头主责市局", max_size=30))
def test_convention_anchors_equal_the_regex(text: str) -> None:
    assert _convention_anchors(text) == [m.start() for m in _CONVENTION_ANCHOR.finditer(text)]


def test_convention_anchors_examples() -> None:
    text = "牵头为牵头，是主责单位；为为牵头"
    assert _convention_anchors(text) == [m.start() for m in _CONVENTION_ANCHOR.finditer(text)] == [2, 6, 13]


# ---------------------------------------------------------------- item names and lists, by shape

# Jurisdictions whose chains of places differ: counties, districts of a municipality, a prefecture,
# a province, an autonomous prefecture, and none.
_JURISDICTIONS = ("寿光市", "潍坊市", "和平区", "长宁区", "井陉县", "市中区", "广东省", "延边朝鲜族自治州", None)


@pytest.fixture(scope="module")
def general_gazetteer() -> Gazetteer:
    """A gazetteer of its own: nothing the general code works out comes from a memo the fast path filled."""
    return load_gazetteer.__wrapped__()


def _places(g: Gazetteer) -> list:
    return [g.place_named(n) if n else None for n in _JURISDICTIONS]


@st.composite
def _list_items(draw: st.DrawFn, g: Gazetteer) -> str:
    """A list item as documents write them: names that may open with a place (the jurisdiction's own,
    a parent's, another's) or a level word, joined by 及 / 和 / 与 or written back to back, with a
    star, an inline role or a gloss."""
    places = sorted({n for p in _places(g) if p for a in g.ancestors(p) for n in (a.name, a.short)} | {"天津", "北京市", "宁波市海曙区"})
    # Every alias, and more often a few that resolve differently with a place in front of them
    # (高新区管委会 is 寿光's in a 寿光 document; 市中级人民法院 opens like 市中区) or that hold 和 itself.
    aliases = st.one_of(st.sampled_from(sorted(g._alias) + sorted(g._collective)),
                        st.sampled_from(["高新区管委会", "发改局", "发展和改革局", "委组织部", "人民政府", "各镇街", "有关部门",
                                         "中级人民法院", "中院", "中心支行", "供电公司", "城投公司", "办公室", "此件公开发布"]),
                        st.sampled_from(["中级人民法院", "中院", "中国人民银行", "中心支行", "高新区管委会", "发改局"]))

    def name() -> str:
        return (draw(st.sampled_from(["", "", "", "中共"])) + draw(st.sampled_from(["", "", "", *places]))
                + draw(st.sampled_from(["", "市", "市", "市", "县", "区", "省", "州", "自治区"])) + draw(aliases))

    item = draw(st.sampled_from(["", "", "", "*", "＊", " "])) + name()
    for _ in range(draw(st.integers(0, 2))):
        item += draw(st.sampled_from(["及", "和", "与", "", ""])) + name()  # "": back to back, for _split_run
    return item + draw(st.sampled_from(["", "", "", "(牵头)", "(配合)", "(人才办)", "[人才办]", "（人才办）"]))


@settings(max_examples=2500, deadline=None)
@given(data=st.data())
def test_item_names_from_shapes_equal_working_each_out(gazetteer: Gazetteer, general_gazetteer: Gazetteer,
                                                        data: st.DataObject) -> None:
    """_item_names, which splits an item and shapes its names once for every jurisdiction, gives in
    each jurisdiction what the general code works out there; in particular where the shapes were
    made in another jurisdiction (寿光高新区 splits in a 寿光 document only)."""
    item = data.draw(_list_items(gazetteer))
    shapes: dict = {}
    for place in data.draw(st.permutations(_places(gazetteer))):  # every one, the shapes made in whichever comes first
        fast = _item_names(item, Context(gazetteer, place, names={}, shapes=shapes))
        assert fast == _item_names_in(item, Context(general_gazetteer, place)), (item, place)


# Names whose split can depend on the jurisdiction: 市 + 中级人民法院 / 中国人民银行 … opens like 市中区.
_OPENING_LIKE_A_PLACE = st.lists(st.tuples(st.sampled_from(["", "及", ""]), st.sampled_from(["", "市", "市"]),
                                           st.sampled_from(["中级人民法院", "中院", "中国人民银行", "中心支行", "发改局", "财政局",
                                                            "高新区管委会"])), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(_OPENING_LIKE_A_PLACE, st.data())
def test_item_names_from_shapes_where_the_split_depends_on_the_jurisdiction(
        gazetteer: Gazetteer, general_gazetteer: Gazetteer, parts: list[tuple[str, str, str]], data: st.DataObject) -> None:
    """As above, over items of which about a third split one way in a 市中区 document and another
    elsewhere (市中级人民法院市发改局): those must keep to the general code in every jurisdiction."""
    item = "".join(conj + word + alias for conj, word, alias in parts).lstrip("及")
    shapes: dict = {}
    for place in data.draw(st.permutations(_places(gazetteer))):
        fast = _item_names(item, Context(gazetteer, place, names={}, shapes=shapes))
        assert fast == _item_names_in(item, Context(general_gazetteer, place)), (item, place)


def test_context_of_keeps_a_context_for_each_jurisdiction_and_conventions(gazetteer: Gazetteer) -> None:
    """Context.of gives the Context it made before for the same jurisdiction and conventions; those
    of one jurisdiction share its names memo, and every one the shapes memo."""
    shouguang, guangdong = gazetteer.place_named("寿光市"), gazetteer.place_named("广东省")
    plain = Context.of(gazetteer, shouguang)
    assert Context.of(gazetteer, shouguang) is plain
    starred = Context.of(gazetteer, shouguang, frozenset({"star-is-lead"}))
    assert starred is not plain and starred.conventions == frozenset({"star-is-lead"})
    assert starred.names is plain.names and starred.shapes is plain.shapes
    other = Context.of(gazetteer, guangdong)
    assert other.names is not plain.names and other.shapes is plain.shapes
    assert Context.of(gazetteer, None).jurisdiction is None


def test_item_names_from_shapes_examples(gazetteer: Gazetteer) -> None:
    shouguang, guangdong = gazetteer.place_named("寿光市"), gazetteer.place_named("广东省")
    shapes: dict = {}
    names = _item_names("*市发改局(牵头)", Context(gazetteer, shouguang, names={}, shapes=shapes))
    assert names == ((0, 9, (1, 5, "牵头", "寿光市发展和改革局", False, True, "370783/fgj")),)
    assert shapes["*市发改局(牵头)"] is not None  # shaped once, for every jurisdiction
    names = _item_names("*市发改局(牵头)", Context(gazetteer, guangdong, names={}, shapes=shapes))
    assert names == ((0, 9, (1, 5, "牵头", "广东省发展和改革局", False, True, "440000/fgj")),)
    names = _item_names("市发改局及各镇街", Context(gazetteer, shouguang, names={}, shapes=shapes))
    assert [n[2][3] for n in names] == ["寿光市发展和改革局", "寿光市各镇（街道）"]
    # Whether 寿光高新区 opens with a place of the document's depends on the document: worked out in each.
    names = _item_names("寿光高新区管委会", Context(gazetteer, shouguang, names={}, shapes=shapes))
    assert shapes["寿光高新区管委会"] is None
    assert names == ((0, 8, (0, 8, None, "寿光高新技术产业开发区管理委员会", False, True, "370783/gxq")),)
    names = _item_names("寿光高新区管委会", Context(gazetteer, guangdong, names={}, shapes=shapes))
    assert names == ((0, 8, (0, 8, None, "广东省寿光高新区管委会", False, False, None)),)


def test_item_split_that_depends_on_the_jurisdiction(gazetteer: Gazetteer, general_gazetteer: Gazetteer) -> None:
    """市中级人民法院 opens like 市中区: in a 市中区 document it is that district's unknown 级人民法院, elsewhere
    the city's court. So 市中级人民法院市发改局, two known names back to back elsewhere, is one name there."""
    shapes: dict = {}
    item = "市中级人民法院市发改局"
    for place, pieces in (("寿光市", [(0, 7), (7, 11)]), ("市中区", [(0, 11)]), ("广东省", [(0, 7), (7, 11)])):
        jurisdiction = gazetteer.place_named(place)
        fast = _item_names(item, Context(gazetteer, jurisdiction, names={}, shapes=shapes))
        assert [(a, b) for a, b, _ in fast] == pieces
        assert fast == _item_names_in(item, Context(general_gazetteer, jurisdiction))
    assert shapes[item] is None


_LIST_ITEMS = ("市发改局", "市财政局(牵头)", "区工信局(配合)", "*市住建局", "各镇街", "市城投公司", "发改局及工信局", "市发改局市工信局", "等")


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_LIST_ITEMS), min_size=1, max_size=5), st.lists(st.sampled_from(["、", ",", ";", " ", "、"]), min_size=5, max_size=5),
       st.booleans(), st.sampled_from(list(Role)), st.integers(0, 3), st.sampled_from([frozenset(), frozenset({"standing-rule"})]),
       st.sampled_from(_JURISDICTIONS))
def test_listed_by_label_equals_general(gazetteer: Gazetteer, items: list[str], separators: list[str], labelled: bool,
                                        role: Role, start_rank: int, conventions: frozenset[str], place: str | None) -> None:
    """Where no convention applies and no mark can (labelled, or no ")" in the list), the single
    pass of _listed_by_label makes what _listed_general makes."""
    segment = "".join(item + sep for item, sep in zip(items, separators)).rstrip(" ")
    if not labelled and ")" in segment:
        segment = segment.replace("(牵头)", "").replace("(配合)", "")
    text = "(责任单位:" + segment + ")"
    clause = Span.of(text, 0, len(text))
    ctx = Context(gazetteer, gazetteer.place_named(place) if place else None, conventions)
    s, e = 6, len(text) - 1
    expected = _listed_general(text, text, s, e, role, clause, ctx, labelled, start_rank, False)
    assert _listed_by_label(text, text, s, e, role, clause, ctx, labelled, start_rank) == expected


def _item_names_in_by_pieces(raw: str, ctx: Context) -> tuple:
    """_item_names_in as first written, every item split and its names' parts read off one by one."""
    from extract.departments import _name_parts, _resolves_in, _split_conjunction

    g, jurisdiction = ctx.gazetteer, ctx.jurisdiction
    resolves = functools.partial(_resolves_in, g, jurisdiction)
    pieces = []
    for a, b in _split_conjunction(raw, 0, len(raw), g, resolves):
        skip, end, cue, head = _name_parts(raw[a:b], resolves)
        if skip < end:
            res = g.resolve(head, jurisdiction)
            pieces.append((a, b, (skip, end, cue, res.canonical, res.collective, res.resolved, res.department_id)))
    return tuple(pieces)


@settings(max_examples=1500, deadline=None)
@given(data=st.data())
def test_item_names_in_of_a_whole_name_equals_reading_its_pieces(gazetteer: Gazetteer, general_gazetteer: Gazetteer,
                                                                data: st.DataObject) -> None:
    """The shortcut of _item_names_in for an item that resolves whole and has no mark or gloss gives
    what splitting it and reading each piece's parts gives."""
    item = data.draw(_list_items(gazetteer))
    place = data.draw(st.sampled_from(_places(gazetteer)))
    assert _item_names_in(item, Context(gazetteer, place)) == _item_names_in_by_pieces(item, Context(general_gazetteer, place))


def test_item_names_in_examples(gazetteer: Gazetteer) -> None:
    ctx = Context(gazetteer, gazetteer.place_named("寿光市"))
    assert _item_names_in("寿光市科学技术局", ctx) == ((0, 8, (0, 8, None, "寿光市科学技术局", False, True, "370783/kjj")),)
    assert _item_names_in("寿光市科学技术局(牵头)", ctx) == ((0, 12, (0, 8, "牵头", "寿光市科学技术局", False, True, "370783/kjj")),)
    assert _item_names_in("*寿光市城投公司", ctx) == ((0, 8, (1, 8, None, "寿光市城投公司", False, False, None)),)
