"""The gazetteer as data: consistent on load, and resolving names relative to a jurisdiction."""

from __future__ import annotations

import pytest

from ontology.errors import GazetteerError
from ontology.gazetteer import Gazetteer, Place


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
