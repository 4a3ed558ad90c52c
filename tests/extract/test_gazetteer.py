"""The gazetteer as data: consistent on load, and resolving names relative to a jurisdiction."""

from __future__ import annotations

import pytest

from ontology.errors import GazetteerError
from ontology.gazetteer import Gazetteer, Place, load_gazetteer


def test_gazetteer_rejects_an_alias_listed_twice() -> None:
    types = [{"code": "a", "forms": [{"full": "{X}甲局", "aliases": ["甲局"]}]},
             {"code": "b", "forms": [{"full": "{X}乙局", "aliases": ["甲局"]}]}]
    with pytest.raises(GazetteerError) as info:
        Gazetteer(types, [], [])
    assert str(info.value) == ("departments.yaml, type 'b': alias '甲局' is also listed under 'a' ({X}甲局). "
                               "Each alias can map to only one department form.")


def test_gazetteer_places_and_parents(gazetteer: Gazetteer) -> None:
    shouguang = gazetteer.place_named("寿光市")
    assert shouguang == Place("370783", "寿光市", "county", "370700")
    assert [p.name for p in gazetteer.ancestors(shouguang)] == ["寿光市", "潍坊市", "山东省"]
    assert (shouguang.short, shouguang.level_word) == ("寿光", "市")
    assert gazetteer.place_prefix("宁波市海曙区人民政府").name == "海曙区"
    assert gazetteer.place_named("广西壮族自治区").short == "广西"


@pytest.mark.parametrize(
    "mention, place, canonical, department_id",
    [
        ("发改局", "寿光市", "寿光市发展和改革局", "370783/fgj"),
        ("中共寿光市委组织部", "寿光市", "中共寿光市委组织部", "370783/zzb"),
        ("市委改革办", "寿光市", "中共寿光市委全面深化改革委员会办公室", "370783/ggb"),
        ("高新区管委会", "寿光市", "寿光高新技术产业开发区管理委员会", "370783/gxq"),
        ("税务局", "寿光市", "国家税务总局寿光市税务局", "370783/sw"),
        ("生态环境局", "寿光市", "潍坊市生态环境局寿光分局", "370783/sthj"),
        ("潍坊市生态环境局", "寿光市", "潍坊市生态环境局", "370700/sthj"),
        ("市场监管局", "寿光市", "寿光市市场监督管理局", "370783/scjgj"),  # 市场 is not the level word 市
        ("各镇街", "寿光市", "寿光市各镇（街道）", "370783/group-towns"),
        ("省工信厅", "广东省", "广东省工业和信息化厅", "440000/gxj"),
        ("市经济信息化委", "上海市", "上海市经济和信息化委员会", "310000/gxj"),  # 上海's short form, without 和
        # A court is named by its jurisdiction's level (基层 / 中级 / 高级 人民法院); 中院 and 高院 exist at
        # one level only, so named in a lower jurisdiction's plan they are its ancestor's.
        ("市中级人民法院", "寿光市", "潍坊市中级人民法院", "370700/fy"),  # a county-level city has no 中院
        ("中院", "奎文区", "潍坊市中级人民法院", "370700/fy"),
        ("法院", "寿光市", "寿光市人民法院", "370783/fy"),
        ("市人民法院", "潍坊市", "潍坊市中级人民法院", "370700/fy"),  # a prefecture's court is its 中院
        ("潍坊市中级人民法院", "寿光市", "潍坊市中级人民法院", "370700/fy"),
        ("省高级人民法院", "寿光市", "山东省高级人民法院", "370000/fy"),
        ("高院", "潍坊市", "山东省高级人民法院", "370000/fy"),
        ("法院", "山东省", "山东省高级人民法院", "370000/fy"),
        ("市消防救援支队", "寿光市", "潍坊市消防救援支队", "370700/xf"),  # a county has a 大队
        ("消防救援大队", "寿光市", "寿光市消防救援大队", "370783/xf"),
        ("消防总队", "潍坊市", "山东省消防救援总队", "370000/xf"),
        # A body written by its full name resolves as its short forms do: the name with the place put
        # back is a form's template (国家税务总局{X}税务局), which fills in to the name.
        ("国家税务总局高唐县税务局", "高唐县", "国家税务总局高唐县税务局", "371526/sw"),
        ("国家税务总局聊城市税务局", "高唐县", "国家税务总局聊城市税务局", "371500/sw"),  # an ancestor's
        ("中国人民银行高唐县分行", "高唐县", "中国人民银行高唐县分行", "371526/rh"),
        ("潍坊市生态环境局寿光分局", "寿光市", "潍坊市生态环境局寿光分局", "370783/sthj"),  # {P}生态环境局{S}分局
        ("国网高唐县供电公司", "高唐县", "国网高唐县供电公司", "371526/gd"),
        ("国网寿光供电公司", "寿光市", "国网寿光市供电公司", "370783/gd"),  # the short name for the full one
        ("国网聊城供电公司", "高唐县", "国网聊城供电公司", "371500/gd"),  # a city's company by its short name
        ("市供电公司", "潍坊市", "国网潍坊供电公司", "370700/gd"),
        ("省电力公司", "山东省", "国网山东省电力公司", "370000/gd"),
    ],
)
def test_gazetteer_resolves(gazetteer: Gazetteer, mention: str, place: str, canonical: str, department_id: str) -> None:
    r = gazetteer.resolve(mention, gazetteer.place_named(place))
    assert (r.canonical, r.department_id, r.resolved) == (canonical, department_id, True)


def test_gazetteer_unknown_body_is_qualified_but_unresolved(gazetteer: Gazetteer) -> None:
    r = gazetteer.resolve("市城投公司", gazetteer.place_named("寿光市"))
    assert (r.canonical, r.department_id, r.resolved, r.collective) == ("寿光市城投公司", None, False, False)


def test_gazetteer_finds_names_in_free_text(gazetteer: Gazetteer) -> None:
    text = "以下各项任务均需各镇街、市直有关部门结合实际抓好落实"
    assert [text[s:e] for s, e in gazetteer.find_names(text)] == ["各镇街", "市直有关部门"]


def _longest_place_by_every_length(gazetteer: Gazetteer, text: str) -> int:
    """The definition _longest_place is a fast form of: try every length, longest first."""
    for n in range(min(gazetteer._max_place, len(text)), 1, -1):
        if gazetteer.place_named(text[:n]) is not None:
            return n
    return 0


def test_gazetteer_longest_place_equals_trying_every_length(gazetteer: Gazetteer) -> None:
    import random

    rnd = random.Random(3)
    names = sorted(gazetteer._by_name)
    texts = ["", "市", "市中区发改局", "寿光市", "寿光市发改局", "宁波市海曙区人民政府", "内蒙古自治区发展改革委"]
    for _ in range(3000):
        name = rnd.choice(names)
        texts.append(name[:rnd.randint(1, len(name))] + rnd.choice(["", "发改局", rnd.choice(names), "市"]))
    for text in texts:
        assert gazetteer._longest_place(text) == _longest_place_by_every_length(gazetteer, text), text
    assert gazetteer._longest_place("寿光市发改局") == 3
    assert gazetteer._longest_place("市发改局") == 0


class _EveryOpening:
    """A place-openings set that holds every name: _resolve then splits each one with _split_place."""

    def __contains__(self, _: object) -> bool:
        return True


def test_resolve_by_shape_equals_splitting_in_each_jurisdiction(gazetteer: Gazetteer) -> None:
    """_resolve works out once per surface form what does not depend on the jurisdiction (_shape);
    for any name and jurisdiction that gives what _split_place gives when it splits every name."""
    import random

    from ontology.gazetteer import load_gazetteer

    general = load_gazetteer.__wrapped__()  # a gazetteer of its own, so that no memo is shared
    general._place_openings = _EveryOpening()
    rnd = random.Random(5)
    places = [p for p in gazetteer.places.values() if p.level == "county"]
    rnd.shuffle(places)
    places = places[:40]
    jurisdictions = [None, *places, *(gazetteer.places[p.parent] for p in places if p.parent)]
    aliases = sorted(gazetteer._alias) + sorted(gazetteer._collective)
    words = ["", "", "中共", "市", "县", "区", "省", "州", "自治区", "各", "有关"]
    mentions = ["发改局", "市发改局", "省发展改革委", "各镇街", "市直有关部门", "寿光市发改局", "寿光发改局", "国网寿光供电公司"]
    for _ in range(3000):
        place = rnd.choice(places)
        opening = rnd.choice(["", "", place.name, place.short, rnd.choice(jurisdictions[1:]).name if rnd.random() < 0.3 else ""])
        tail = rnd.choice(aliases) if rnd.random() < 0.8 else rnd.choice(["供电公司", "人才办", "有关单位", "(人才办)", "办公室"])
        mentions.append(rnd.choice(words) + opening + rnd.choice(["", "", "市", "区"]) + tail)
    for mention in mentions:
        for jurisdiction in rnd.sample(jurisdictions, 6) + [None]:
            assert gazetteer.resolve(mention, jurisdiction) == general.resolve(mention, jurisdiction), (mention, jurisdiction)


@pytest.mark.parametrize(
    "mention, place, canonical, department_id",
    [
        ("各县、市、区人民政府", "浙江省", "浙江省各县（市、区）人民政府", "330000/group-counties"),
        ("各区、县（市）人民政府", "宁波市", "宁波市各县（市、区）人民政府", "330200/group-counties"),
        ("各市、县、自治县人民政府", "海南省", "海南省各县（市、区）人民政府", "460000/group-counties"),
        ("各乡、镇人民政府", "寿光市", "寿光市各镇（街道）", "370783/group-towns"),
        # what provinces call their cities: 省辖市 (河南), 州市 (云南), 盟市 (内蒙古)
        ("各省辖市人民政府", "河南省", "河南省各市人民政府", "410000/group-cities"),
        ("各州市人民政府", "云南省", "云南省各市人民政府", "530000/group-cities"),
        ("各盟市", "内蒙古自治区", "内蒙古自治区各市人民政府", "150000/group-cities"),
        ("各区（市）县政府", "成都市", "成都市各县（市、区）人民政府", "510100/group-counties"),  # 四川's order
    ],
)
def test_gazetteer_collectives_that_list_their_levels(gazetteer: Gazetteer, mention: str, place: str, canonical: str,
                                                      department_id: str) -> None:
    r = gazetteer.resolve(mention, gazetteer.place_named(place))
    assert (r.canonical, r.department_id, r.resolved, r.collective) == (canonical, department_id, True, True)


@pytest.mark.parametrize(
    "joined, part, expected",
    [
        ("各县、市", "市", True),
        ("各县、市、区人民政府", "区人民政府", True),
        ("各区、县（市）人民政府", "县（市）人民政府", True),
        ("各乡、镇人民政府", "镇人民政府", True),
        ("各区、市政府各部门", "市政府各部门", False),  # 市政府各部门 is a collective of its own
        ("市发改局、市工信局", "市工信局", False),
        ("各部门、单位", "单位", False),
    ],
)
def test_gazetteer_extends_collective(gazetteer: Gazetteer, joined: str, part: str, expected: bool) -> None:
    assert gazetteer.extends_collective(joined, part) is expected


def _mentions_and_jurisdictions(gazetteer: Gazetteer, seed: int, count: int) -> tuple[list[str], list]:
    """Surface forms as documents write them (a place or level word, an alias or a body-like tail),
    and jurisdictions of every level."""
    import random

    rnd = random.Random(seed)
    places = [p for p in gazetteer.places.values() if p.level == "county"]
    rnd.shuffle(places)
    places = places[:30]
    jurisdictions = [None, *places, *(gazetteer.places[p.parent] for p in places if p.parent), gazetteer.place_named("市中区")]
    aliases = sorted(gazetteer._alias) + sorted(gazetteer._collective)
    mentions = ["发改局", "市发改局", "寿光高新区管委会", "市中级人民法院", "各镇街", "市直有关部门", "国网寿光供电公司", "市城投公司"]
    for _ in range(count):
        place = rnd.choice(places)
        opening = rnd.choice(["", "", place.name, place.short, rnd.choice(jurisdictions[1:]).name])
        tail = rnd.choice(aliases) if rnd.random() < 0.8 else rnd.choice(["供电公司", "人才办", "有关单位", "(人才办)", "办公室", "城投公司"])
        mentions.append(rnd.choice(["", "", "中共", "*"]) + opening + rnd.choice(["", "", "市", "区", "县", "省"]) + tail)
    return mentions, jurisdictions


def test_resolves_everywhere_is_what_every_jurisdiction_finds(gazetteer: Gazetteer) -> None:
    """Where resolves_everywhere answers, every jurisdiction (and none) resolves the name that way;
    and resolve_shape gives the fields of resolve."""
    from ontology.gazetteer import Resolution, load_gazetteer

    general = load_gazetteer.__wrapped__()  # its own memos
    mentions, jurisdictions = _mentions_and_jurisdictions(gazetteer, 7, 2000)
    answers = set()
    for mention in mentions:
        everywhere = gazetteer.resolves_everywhere(mention)
        answers.add(everywhere)
        for jurisdiction in jurisdictions[::3]:
            resolution = general.resolve(mention, jurisdiction)
            if everywhere is not None:
                assert resolution.resolved is everywhere, (mention, jurisdiction)
            assert Resolution(*gazetteer.resolve_shape(gazetteer.shape(mention), jurisdiction)) == resolution
    assert answers == {True, False, None}
    assert gazetteer.resolves_everywhere("市发改局") is True
    assert gazetteer.resolves_everywhere("市城投公司") is False
    assert gazetteer.resolves_everywhere("寿光高新区管委会") is None  # 寿光's in a 寿光 document only
    assert gazetteer.resolves_everywhere("市中级人民法院") is None  # opens like 市中区


def _unresolved_by_ancestors(gazetteer: Gazetteer, name: str, place, rest: str, jurisdiction) -> tuple:
    """_unresolved as first written: the ancestors walked, each asked its level word."""
    if place is not None:
        return place.name + rest, None, False, False, place
    if gazetteer.place_prefix(name) is not None or jurisdiction is None:
        return name, None, False, False, gazetteer.place_prefix(name) or jurisdiction
    if any(prefix in name for prefix, _ in gazetteer._chain(jurisdiction).prefixes):
        return name, None, False, False, jurisdiction
    for p in gazetteer.ancestors(jurisdiction):
        if name.startswith(p.level_word) and len(name) > len(p.level_word) + 1:
            return p.name + name[len(p.level_word):], None, False, False, p
    return jurisdiction.name + name, None, False, False, jurisdiction


def test_unresolved_by_chain_equals_walking_the_ancestors(gazetteer: Gazetteer) -> None:
    mentions, jurisdictions = _mentions_and_jurisdictions(gazetteer, 11, 1000)
    mentions += ["州城投公司", "县供电公司", "区城投公司", "省城投公司", "旗城投公司", "市", "州公司"]
    for mention in mentions:
        for jurisdiction in jurisdictions[::2]:
            for place in (None, jurisdiction):
                assert gazetteer._unresolved(mention, place, "城投公司", jurisdiction) \
                    == _unresolved_by_ancestors(gazetteer, mention, place, "城投公司", jurisdiction), (mention, jurisdiction)


def test_group_tries_the_patterns_only_where_one_can_match(gazetteer: Gazetteer) -> None:
    """_group skips names that neither open with 各 nor end in 部门 / 单位: no pattern matches those."""
    import random

    from ontology.gazetteer import _collective_kind

    rnd = random.Random(13)
    words = ["各", "县", "市", "区", "乡", "镇", "街道", "（", "）", "、", "有关", "相关", "职能", "部门", "单位", "人民政府", "政府",
             "办事处", "党委和政府", "地级以上市", "\n", "发改局"]
    names = ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 6))) for _ in range(5000)]
    names += ["各镇街道", "各县（市、区）人民政府", "市直有关部门", "有关单位\n", "各部门、单位", "发改局"]
    kinds = set()
    for name in names:
        expected = _collective_kind(name, gazetteer._collective_labels)
        kinds.add(expected is not None)
        assert gazetteer._group(name) == expected, name
    assert kinds == {True, False}


def _looks_like_body_in_full(gazetteer: Gazetteer, name: str) -> bool:
    """_looks_like_body as first written: every test asked of every name."""
    import re

    from ontology.gazetteer import _BODY_SUFFIX, _CANON_TABLE, _COLLECTIVE

    name = name.translate(_CANON_TABLE).strip()
    if not 2 <= len(name) <= 40 or any(ch in name for ch in "，,。；;：:"):
        return False
    head = re.sub(r"[（(\[〔【][^）)\]〕】]*[）)\]〕】]$", "", name)
    bare = head[2:] if head.startswith("中共") else head
    _, rest = gazetteer._split_place(bare, None)
    return rest in gazetteer._alias or bare in gazetteer._alias or rest in gazetteer._collective \
        or bool(_COLLECTIVE.search(bare)) or bool(_BODY_SUFFIX.search(head))


def test_looks_like_body_equals_asking_every_test(gazetteer: Gazetteer) -> None:
    """The cheap tests first, _split_place last, and no search where a str test rules it out:
    _looks_like_body, _canon, _collective_like and _ends_like_body give what the plain code gives."""
    import random

    from ontology.gazetteer import _BODY_SUFFIX, _CANON_TABLE, _COLLECTIVE, _canon, _collective_like, _ends_like_body

    rnd = random.Random(17)
    mentions, _ = _mentions_and_jurisdictions(gazetteer, 19, 1500)
    words = ["各", "市", "县", "直", "有关", "成员", "部门", "单位", "中共", "寿光", "潍坊市", "发改局", "城投", "公司", "中心", "局",
             "(", ")", "[", "]", "（", "）", "〔", "〕", "【", "】", "人才办", " ", "\u3000", "\n", "*", "＊", ",", "：", "属", "委"]
    names = mentions + ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 7))) for _ in range(5000)]
    names += ["市委组织部（人才办）", "各镇街", "市直有关部门", "寿光市城投公司", "寿光", "市委\n(人才办)", "发改局\n", "县直", "有关单位"]
    seen = set()
    for name in names:
        expected = _looks_like_body_in_full(gazetteer, name)
        seen.add(expected)
        assert gazetteer._looks_like_body(name) is expected, name
        assert _canon(name) == name.translate(_CANON_TABLE).strip(), name
        assert _collective_like(name) is (_COLLECTIVE.search(name) is not None), name
        assert _ends_like_body(name) is (_BODY_SUFFIX.search(name) is not None), name
    assert seen == {True, False}
    assert [gazetteer._looks_like_body(n) for n in ("市委组织部（人才办）", "国网寿光供电公司", "寿光", "市发改局，市财政局", "各镇街")] \
        == [True, True, False, False, True]


def test_a_body_named_above_its_level_stays_the_jurisdictions(gazetteer: Gazetteer) -> None:
    # A province's plan that says 市中级人民法院 means the cities' courts; no ancestor is one, and the
    # name resolves as it does everywhere (a court of the jurisdiction), named by the form.
    r = gazetteer.resolve("市中级人民法院", gazetteer.place_named("山东省"))
    assert (r.canonical, r.department_id, r.resolved) == ("山东省中级人民法院", "370000/fy", True)


def test_gazetteer_rejects_an_unknown_level() -> None:
    types = [{"code": "a", "forms": [{"full": "{X}甲局", "level": "city", "aliases": ["甲局"]}]}]
    with pytest.raises(GazetteerError) as info:
        Gazetteer(types, [], [])
    assert str(info.value) == ("departments.yaml, type 'a': level 'city' of '{X}甲局' is not one of county, "
                               "prefecture, province.")


def test_gazetteer_template_prefix_alone_is_no_body(gazetteer: Gazetteer) -> None:
    r = gazetteer.resolve("国家税务总局", gazetteer.place_named("高唐县"))
    assert (r.department_id, r.resolved) == (None, False)


def test_chain_by_word_is_each_words_nearest_place(gazetteer: Gazetteer) -> None:
    """_Chain.by_word, filled walking the chain from the province down, gives each level word the
    nearest place that uses it, and 省 the province, as asking every place in turn does."""
    from ontology.gazetteer import _LEVEL_WORDS

    for place in gazetteer.places.values():
        words = [(p, p.level_word) for p in gazetteer.ancestors(place)]
        expected = {word: next((p for p, w in words if w == word or (word == "省" and p.level == "province")), None)
                    for word in _LEVEL_WORDS}
        assert gazetteer._chain(place).by_word == expected, place


def test_fill_equals_replacing_every_placeholder(gazetteer: Gazetteer) -> None:
    """_fill stops after {X} where no other placeholder is left: what replacing all three gives."""
    import random

    rnd = random.Random(23)
    places = [None, *rnd.sample(sorted(gazetteer.places.values(), key=lambda p: p.adcode), 300)]
    forms = [f for fs in gazetteer.types.values() for f in fs]
    for form in forms:
        for place in places:
            if place is None:
                expected = form.full.replace("{X}", "").replace("{S}", "").replace("{P}", "")
            else:
                parent = gazetteer.places.get(place.parent) if place.parent else None
                expected = form.template(place.level).replace("{X}", place.name).replace("{S}", place.short) \
                    .replace("{P}", parent.name if parent else "")
            assert gazetteer._fill(form, place) == expected, (form, place)
            assert gazetteer._body(form, place)[0] == expected
    assert any("{S}" in f.full or "{P}" in f.full or "{S}" in (f.county or "") for f in forms)


@pytest.mark.parametrize("place, name, full, code", [
    # bodies of other provinces' plans
    ("洛阳市", "团市委", "共青团洛阳市委员会", "410300/tw"),
    ("洛阳市", "市粮食和储备局", "洛阳市粮食和物资储备局", "410300/lcj"),
    ("洛阳市", "市地方金融管理局", "洛阳市地方金融监督管理局", "410300/jrfw"),
    ("洛阳市", "市招商局", "洛阳市招商局", "410300/tcj"),
    ("洛阳市", "市侨联", "洛阳市归国华侨联合会", "410300/ql"),
    # the grid company that serves the province
    ("广州市", "市供电局", "广州供电局", "440100/nwgd"),
    ("南海区", "区供电局", "南海供电局", "440605/nwgd"),
    ("南海区", "市供电局", "佛山供电局", "440600/nwgd"),
    ("广东省", "省供电公司", "广东电网有限责任公司", "440000/nwgd"),
    ("昆明市", "供电局", "昆明供电局", "530100/nwgd"),
    # State Grid's everywhere else, under the same names
    ("寿光市", "供电局", "国网寿光市供电公司", "370783/gd"),
    ("山东省", "省电力公司", "国网山东省电力公司", "370000/gd"),
])
def test_bodies_of_other_provinces_and_their_grid_company(place: str, name: str, full: str, code: str) -> None:
    g = load_gazetteer()
    r = g.resolve(name, g.place_named(place))
    assert (r.canonical, r.department_id, r.resolved) == (full, code, True)


def test_a_regional_alias_must_name_a_form_elsewhere_too() -> None:
    types = [{"code": "nw", "forms": [{"full": "{S}供电局", "regions": ["44"], "aliases": ["供电局"]}]}]
    with pytest.raises(GazetteerError, match="names no form outside its regions"):
        Gazetteer(types, [], [Place("440000", "广东省", "province", None)])
