"""The department and place gazetteers: load ``departments.yaml`` and ``places.tsv``, resolve names.

``市发改局`` in a 寿光市 document resolves to 寿光市发展和改革局 (``370783/fgj``); ``省发展改革委``
in a 广东省 document to 广东省发展和改革委员会. This module imports nothing else of policykg.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from ontology.errors import GazetteerError

LEVEL_WORDS = {"province": ("省", "自治区", "市"), "prefecture": ("市", "州", "盟", "地区"), "county": ("县", "市", "区", "旗")}
# Suffixes stripped to get a short name (寿光市 → 寿光); longest first.
_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "新区", "省", "市", "县", "区", "盟", "旗")
_ETHNIC = re.compile(r"^(?P<stem>.{2,}?)(?:[\u4e00-\u9fff]{1,3}族)+$")  # 延边朝鲜族 → 延边
_SHORT_PROVINCES = {"广西壮族自治区": "广西", "宁夏回族自治区": "宁夏", "新疆维吾尔自治区": "新疆", "内蒙古自治区": "内蒙古", "西藏自治区": "西藏"}


@dataclass(frozen=True, slots=True)
class Place:
    adcode: str  # GB/T 2260
    name: str  # 寿光市
    level: str  # province | prefecture | county
    parent: str | None  # adcode

    @property
    def short(self) -> str:
        return _short_name(self.name)

    @property
    def level_word(self) -> str:
        """The word a document of this place uses for itself: 市 in 市发改局, 县, 区, 省, 州."""
        for suffix in ("自治区", "自治州", "自治县", "自治旗"):
            if self.name.endswith(suffix):
                return {"自治区": "区", "自治州": "州", "自治县": "县", "自治旗": "旗"}[suffix]
        return self.name[-1]


@functools.lru_cache(maxsize=8192)
def _short_name(name: str) -> str:
    """寿光市 → 寿光, 广西壮族自治区 → 广西; a one-character stem keeps the full name (忠县)."""
    if name in _SHORT_PROVINCES:
        return _SHORT_PROVINCES[name]
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            m = _ETHNIC.match(stem)
            stem = m.group("stem") if m else stem
            return stem if len(stem) >= 2 else name
    return name


@dataclass(frozen=True, slots=True)
class Form:
    code: str  # department type: fgj
    full: str  # "{X}发展和改革局"
    county: str | None  # full-name override for county-level bodies
    prefecture: str | None = None  # … for prefecture-level ones: 人民法院 is {X}中级人民法院 there
    province: str | None = None  # … and provincial ones: {X}高级人民法院
    # The one level at which such a body exists (中级人民法院: prefecture): named from a jurisdiction
    # below it, the form means the ancestor at that level (市中级人民法院 in a 寿光市 document is
    # 潍坊市's, since a county-level city has no intermediate court).
    level: str | None = None
    # The provinces (two-digit adcode prefixes) where this form's body is the one its aliases name,
    # in place of the form that has them elsewhere: 供电局 in 广东 is Southern Grid's, not State Grid's.
    regions: tuple[str, ...] = ()

    def template(self, level: str) -> str:
        """The full-name template of the body at a place of ``level``."""
        override = self.county if level == "county" else self.prefecture if level == "prefecture" else \
            self.province if level == "province" else None
        return override or self.full


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a surface form names in a jurisdiction."""

    canonical: str  # 寿光市发展和改革局
    department_id: str | None  # 370783/fgj; None when unresolved or the jurisdiction is unknown
    resolved: bool
    collective: bool
    place: Place | None  # the jurisdiction the body belongs to


# A new name in every jurisdiction is a new Resolution. The frozen __init__ sets each field through
# object.__setattr__ to get past the frozen guard; setting the slots directly is what that does, at
# half the cost (Resolution has no __post_init__ to skip).
_SET_CANONICAL, _SET_DEPARTMENT_ID, _SET_RESOLVED, _SET_COLLECTIVE, _SET_PLACE = (
    getattr(Resolution, f).__set__ for f in ("canonical", "department_id", "resolved", "collective", "place"))
assert Resolution.__slots__ == ("canonical", "department_id", "resolved", "collective", "place")


def _new_resolution(canonical: str, department_id: str | None, resolved: bool, collective: bool, place: Place | None) -> Resolution:
    r = object.__new__(Resolution)
    _SET_CANONICAL(r, canonical)
    _SET_DEPARTMENT_ID(r, department_id)
    _SET_RESOLVED(r, resolved)
    _SET_COLLECTIVE(r, collective)
    _SET_PLACE(r, place)
    return r


# The endings of a body's name: one that ends in any of them is body-shaped, known or not.
_BODY_SUFFIXES = (
    "局", "委", "办", "中心", "管委会", "委员会", "集团", "公司", "部", "院", "厅", "会", "室", "所", "站", "队", "行", "社", "政府",
    "办事处", "街道", "镇", "乡", "处", "署", "馆", "校", "学校", "医院", "银行", "分局", "支队", "大队", "协会", "联合会", "工会", "法院",
    "检察院", "园区", "基地", "小组", "指挥部", "专班", "组", "企业", "单位", "部门",
)
_BODY_SUFFIX = re.compile("(?:" + "|".join(_BODY_SUFFIXES) + ")$")  # what _ends_like_body tests, as a pattern
_CLAUSE_PUNCTUATION = re.compile("[，,。；;：:]")  # a name with one is a phrase or a clause
_TRAILING_GLOSS = re.compile(r"[（(\[〔【][^）)\]〕】]*[）)\]〕】]$")  # 市委组织部（人才办）
_CLOSERS = ("）", ")", "]", "〕", "】")


def _ends_like_body(name: str) -> bool:
    """``_BODY_SUFFIX.search(name) is not None``, without trying the pattern at every offset: its $
    matches at the end, and before a final line break."""
    return name.endswith(_BODY_SUFFIXES) or (name.endswith("\n") and name[:-1].endswith(_BODY_SUFFIXES))


_COLLECTIVE = re.compile(r"^各|(?:有关|相关|各)(?:部门|单位)|成员单位|(?:直|属)各(?:部门|单位)|^(?:市|县|区|省)直")


def _collective_like(name: str) -> bool:
    """``_COLLECTIVE.search(name) is not None``. Every match holds 各, 部门 or 单位, or is 市直 / 县直 …
    at the start: a name with none of these (most names) is not searched, at every offset."""
    if "各" not in name and "单位" not in name and "部门" not in name and name[1:2] != "直":
        return False
    return _COLLECTIVE.search(name) is not None


class Gazetteer:
    """Department types and places, with alias resolution relative to a document's jurisdiction."""

    def __init__(self, types: list[dict], collectives: list[dict], places: list[Place]) -> None:
        self.places = {p.adcode: p for p in places}
        self._by_name: dict[str, list[Place]] = {}
        for p in places:
            self._by_name.setdefault(p.name, []).append(p)
        self._alias: dict[str, Form] = {}
        regional: list[tuple[Form, list[str]]] = []  # forms with regions, and their aliases
        self.types: dict[str, list[Form]] = {}
        for t in types:
            code = t["code"]
            if code in self.types:
                raise GazetteerError(f"departments.yaml: type code {code!r} is listed twice; each code names one department type.")
            forms = []
            for f in t["forms"]:
                level = f.get("level")
                if level not in (None, "county", "prefecture", "province"):
                    raise GazetteerError(f"departments.yaml, type {code!r}: level {level!r} of {f['full']!r} is not "
                                         "one of county, prefecture, province.")
                regions = tuple(str(r) for r in f.get("regions") or ())
                form = Form(code, f["full"], f.get("county"), f.get("prefecture"), f.get("province"), level, regions)
                forms.append(form)
                if regions:
                    regional.append((form, f["aliases"]))
                    continue  # its aliases are another form's: mapped below, once every form is read
                for alias in f["aliases"]:
                    other = self._alias.get(alias)
                    if other is not None and other != form:
                        raise GazetteerError(
                            f"departments.yaml, type {code!r}: alias {alias!r} is also listed under {other.code!r} "
                            f"({other.full}). Each alias can map to only one department form."
                        )
                    self._alias[alias] = form
            self.types[code] = forms
        # (id of the form an alias names elsewhere, province prefix) → the regional form named there.
        # Every alias of a regional form must name a form everywhere else too: a name resolves in every
        # jurisdiction or in none, which the memos of names' shapes rely on.
        self._regional: dict[tuple[int, str], Form] = {}
        for form, aliases in regional:
            for alias in aliases:
                default = self._alias.get(alias)
                if default is None:
                    raise GazetteerError(f"departments.yaml, type {form.code!r}: alias {alias!r} of the regional form "
                                         f"{form.full!r} names no form outside its regions; list it under one.")
                for region in form.regions:
                    self._regional[(id(default), region)] = form
        # Every full-name template, for names written in full (国家税务总局高唐县税务局): see _by_full_name.
        self._templates: dict[str, list[Form]] = {}
        for forms in self.types.values():
            for form in forms:
                for template in {form.full, form.county, form.prefecture, form.province} - {None}:
                    self._templates.setdefault(template, []).append(form)
        # What a template holds before its place (国家税务总局, 国网, 中国人民银行): a name that opens with
        # one may be a full name with its place inside, and resolves or not by the jurisdiction.
        self._template_prefixes = tuple(sorted({t[:t.index("{")] for t in self._templates if t.find("{") > 0}))
        self._collective: dict[str, tuple[str, str]] = {}
        self._collective_labels = {c["code"]: c["label"] for c in collectives}
        for c in collectives:
            for alias in c["aliases"]:
                self._collective[_canon(alias)] = (c["code"], c["label"])
        self._max_place = max((len(n) for n in self._by_name), default=0)
        self._place_prefixes = {n[:k] for n in self._by_name for k in range(2, len(n) + 1)}
        # How every place name and short name opens (_Chain.prefixes are drawn from these): a name
        # that opens otherwise names no place, and splits the same way in every jurisdiction.
        self._place_openings = {n[:2] for p in places for n in (p.name, p.short)}
        # What resolving a name in a jurisdiction needs of its chain of places, worked out once per place.
        self._chains: dict[str, _Chain] = {}
        self._groups: dict[str, tuple[str, str] | None] = {}  # _collective_kind of a bare name
        # resolve_shape's fields for a form's body at a place. Keyed by the form's id: the gazetteer
        # holds every form for as long as the memo lives, and a Form's own hash (its dataclass
        # __hash__) builds a tuple of its six fields on every lookup.
        self._bodies: dict[tuple[int, str | None], tuple] = {}
        self._ac = None  # the Aho-Corasick automaton of surface forms, built on first use
        self._resolved: dict[tuple[str, str | None], Resolution] = {}  # resolution is pure: memoised
        self._shapes: dict[str, tuple] = {}  # _shape of a surface form, the same in every jurisdiction
        self._body_like: dict[str, bool] = {}  # so is the shape test, asked of every listed name

    # ------------------------------------------------------------ places

    def ancestors(self, place: Place) -> Iterator[Place]:
        """The place, then its parents up to the province."""
        seen = 0
        current: Place | None = place
        while current is not None and seen < 4:
            yield current
            current = self.places.get(current.parent) if current.parent else None
            seen += 1

    def place_named(self, name: str, context: str = "") -> Place | None:
        """The place of that full name; where several share it (朝阳区), the one whose parents the context names."""
        candidates = self._by_name.get(name)
        if not candidates:
            return None
        if len(candidates) == 1 or not context:
            return candidates[0]

        def score(p: Place) -> int:
            return sum(context.count(a.name) + context.count(a.short) for a in list(self.ancestors(p))[1:])

        return max(candidates, key=score)

    def place_prefix(self, text: str, context: str = "") -> Place | None:
        """The longest place name that ``text`` starts with: 寿光市人民政府 → 寿光市."""
        n = self._longest_place(text)
        if n == 0:
            return None
        place = self.place_named(text[:n], context)
        # 宁波市海曙区人民政府: a district written after its city is the jurisdiction.
        child = self.place_prefix(text[n:], context) if len(text) > n + 1 else None
        if child is not None and child.parent == place.adcode:
            return child
        return place

    def _longest_place(self, text: str) -> int:
        """The length of the longest place name ``text`` starts with (0 if none, names have 2+ characters).

        Grows the prefix only while some place name starts with it: most names (市发改局, 各镇街)
        stop at two characters instead of trying every length down from the longest place name.
        """
        longest = 0
        prefixes, names = self._place_prefixes, self._by_name
        for n in range(2, min(self._max_place, len(text)) + 1):
            head = text[:n]
            if head not in prefixes:
                break
            if head in names:
                longest = n
        return longest

    # ------------------------------------------------------------ departments

    def surface_forms(self) -> list[str]:
        """Every alias, bare and with each level word, for a segmenter's user dictionary."""
        forms: set[str] = set()
        for alias in self._alias:
            forms.add(alias)
            for word in ("市", "县", "区", "省"):
                forms.add(word + alias)
        forms.update(self._collective)
        return sorted(forms)

    def find_names(self, text: str) -> list[tuple[int, int]]:
        """Known names in free text (市发改局, 各镇街, 市直有关部门), longest first and not overlapping.

        Aho-Corasick over every surface form: one pass whatever the number of names.
        """
        automaton = self._automaton()
        hits = sorted(((end + 1 - len(form), end + 1) for end, form in automaton.iter(text)),
                      key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int]] = []
        for s, e in hits:
            if out and s < out[-1][1]:
                continue
            out.append((s, e))
        return out

    def _automaton(self):  # noqa: ANN202 - ahocorasick.Automaton
        if self._ac is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for form in self.surface_forms():
                for variant in {form, form.replace("（", "(").replace("）", ")"), form.replace("（", "[").replace("）", "]")}:
                    if len(variant) >= 2:
                        automaton.add_word(variant, variant)
            automaton.make_automaton()
            self._ac = automaton
        return self._ac

    def is_alias(self, name: str) -> bool:
        return name in self._alias

    def resolve(self, mention: str, jurisdiction: Place | None) -> Resolution:
        """Resolve a surface form (市发改局, 中共寿光市委组织部, 各镇街) in the document's jurisdiction."""
        key = (mention, jurisdiction.adcode if jurisdiction else None)
        hit = self._resolved.get(key)
        if hit is None:
            if len(self._resolved) > 200_000:  # bounded: a long-lived worker sees many jurisdictions
                self._resolved.clear()
            hit = self._resolved[key] = self._resolve(mention, jurisdiction)
        return hit

    def _resolve(self, mention: str, jurisdiction: Place | None) -> Resolution:
        return _new_resolution(*self.resolve_shape(self.shape(mention), jurisdiction))

    def shape(self, mention: str) -> tuple:
        """What resolving ``mention`` finds in any jurisdiction (see _shape), for ``resolve_shape``.

        A corpus names the same few hundred bodies in each of its jurisdictions: what does not
        depend on the jurisdiction is worked out once per surface form.
        """
        shape = self._shapes.get(mention)
        if shape is None:
            if len(self._shapes) > 100_000:
                self._shapes.clear()
            shape = self._shapes[mention] = self._shape(mention)
        return shape

    def resolves_everywhere(self, mention: str) -> bool | None:
        """``resolve(mention, j).resolved``, where that is the same for every jurisdiction ``j`` and
        for none; None where it may not be: a name that opens like a place name (寿光高新区 splits
        into 寿光 and a known alias in a 寿光 document only)."""
        return self.shape(mention)[_SHAPE_RESOLVES]

    def resolve_shape(self, shape: tuple, jurisdiction: Place | None) -> tuple:
        """The fields of ``resolve(mention, jurisdiction)`` (canonical, department_id, resolved,
        collective, place) for ``shape = shape(mention)``, without the memo: for callers that keep
        one of their own, keyed by more than the mention."""
        name, bare, word, rest, collective, collective_like, form, _ = shape
        if word is _PLACE_NAMED:  # where the place name ends depends on the jurisdiction's own places
            place, rest = self._split_place(bare, jurisdiction)
            collective = self._collective.get(rest) or self._collective.get(bare) or self._group(bare)
            form = self._alias.get(rest)
        elif word is None:
            place = None
        else:  # 市发改局: the nearest of the document's places with that level word (see _split_place)
            # _chain's memo read here, without the call: this runs for every such name in a new jurisdiction
            chain = (self._chains.get(jurisdiction.adcode) or self._chain(jurisdiction)) if jurisdiction is not None else None
            target = chain.by_word.get(word) if chain is not None else None
            place = target or jurisdiction
        if collective is not None or collective_like:
            target = place or jurisdiction
            code, label = collective if collective is not None else ("", "")
            if collective is not None:
                canonical = (target.name if target else "") + label
            else:
                canonical = (target.name if target else "") + rest if place else ((jurisdiction.name if jurisdiction else "") + bare)
            dep_id = f"{target.adcode}/group-{code}" if target and code else None
            return canonical, dep_id, collective is not None, True, target
        if form is None:
            full = self._by_full_name(name, jurisdiction) if word is _PLACE_NAMED and jurisdiction is not None else None
            return full or self._unresolved(name, place, rest, jurisdiction)
        target = place or jurisdiction
        if self._regional and target is not None:
            form = self._regional.get((id(form), target.adcode[:2]), form)
        if form.level is not None and target is not None and target.level != form.level:
            # Named above its level (市中级人民法院 in a province's plan, the cities' courts) it stays
            # the jurisdiction's: still a court, and a name resolves or not the same everywhere.
            target = next((p for p in self.ancestors(target) if p.level == form.level), target)
        return self._body(form, target)

    def _shape(self, mention: str) -> tuple:
        """What resolving ``mention`` finds in any jurisdiction: (name, bare, word, rest, collective,
        collective_like, form, resolves), with ``word`` the level word _split_place strips (None if
        none), or _PLACE_NAMED where the name may open with a place name, whose split resolve_shape
        makes itself (and then ``form`` is None and ``resolves`` is None, both unknown here)."""
        name = _canon(mention)
        bare = name[2:] if name.startswith("中共") and len(name) > 2 else name
        collective_like = _collective_like(bare)
        if bare in self._alias or bare in self._collective:
            word, rest = None, bare  # _split_place keeps a known name whole
        elif bare[:2] in self._place_openings or bare.startswith(self._template_prefixes):
            return name, bare, _PLACE_NAMED, bare, None, collective_like, None, None
        else:
            word, rest = self._level_word(bare)
        collective = self._collective.get(rest) or self._collective.get(bare) or self._group(bare)
        form = self._alias.get(rest)
        # What resolve_shape finds resolved, read off the branches it takes: none of them asks the
        # jurisdiction whether the name resolves, only what it is called there.
        resolves = collective is not None or (not collective_like and form is not None)
        return name, bare, word, rest, collective, collective_like, form, resolves

    def extends_collective(self, joined: str, part: str) -> bool:
        """Whether the list item ``part`` continues a collective of places that ``joined`` (it and
        the items before it, as written) names: 各县、市、区人民政府 is one addressee, not 各县, 市 and
        区人民政府; 各区、县（市）人民政府 and 各乡、镇人民政府 likewise."""
        if _LEVEL_PART.fullmatch(_canon(part)) is None:
            return False
        name = _canon(joined)
        kind = self._collective.get(name) or self._group(name)
        return kind is not None and kind[0] in _PLACE_GROUPS

    def looks_like_body(self, name: str) -> bool:
        """True for names shaped like a body (…局 / 委 / 办 / 中心 / 管委会 / 集团 / 公司), known or not."""
        hit = self._body_like.get(name)
        if hit is None:
            if len(self._body_like) > 100_000:  # a corpus of garbage names must not grow it without end
                self._body_like.clear()
            hit = self._body_like[name] = self._looks_like_body(name)
        return hit

    def _looks_like_body(self, name: str) -> bool:
        name = _canon(name)
        if not 2 <= len(name) <= 40 or _CLAUSE_PUNCTUATION.search(name):
            return False
        # 市委组织部（人才办）: the gloss is dropped. The name is stripped, so the pattern's $ can only
        # match at its very end, after a closing bracket: most names end otherwise, and skip the search.
        head = _TRAILING_GLOSS.sub("", name) if name.endswith(_CLOSERS) else name
        bare = head[2:] if head.startswith("中共") else head
        # The tests are all pure and joined by "or": the cheap ones come first, and most names pass
        # one (they end in 局, 委, 中心 …), so _split_place, which looks the name up among the
        # places, is asked of the few others only.
        if bare in self._alias or _ends_like_body(head) or _collective_like(bare):
            return True
        _, rest = self._split_place(bare, None)
        return rest in self._alias or rest in self._collective

    # ------------------------------------------------------------ internals

    def _unresolved(self, name: str, place: Place | None, rest: str, jurisdiction: Place | None) -> tuple:
        """A body-like name that no alias matches: qualify it by its jurisdiction as well as we can
        (the fields of its Resolution, as resolve_shape gives them)."""
        if place is not None:
            return place.name + rest, None, False, False, place
        named = self.place_prefix(name)
        if named is not None or jurisdiction is None:
            return name, None, False, False, named or jurisdiction
        chain = self._chain(jurisdiction)
        if any(prefix in name for prefix, _ in chain.prefixes):
            return name, None, False, False, jurisdiction  # 国网寿光供电公司 names its place already
        for p, word in chain.words:  # the jurisdiction, then its parents
            if name.startswith(word) and len(name) > len(word) + 1:
                return p.name + name[len(word):], None, False, False, p
        return jurisdiction.name + name, None, False, False, jurisdiction

    def _by_full_name(self, name: str, jurisdiction: Place) -> tuple | None:
        """resolve_shape's fields for a body written by its full name in one of the document's places,
        国家税务总局高唐县税务局 or 潍坊市生态环境局寿光分局 in a 寿光市 document: the name with that
        place put back as {X}, {S} and its parent as {P} is some form's template, which fills in to
        the name. None if it is no such name."""
        for q in self.ancestors(jurisdiction):
            parent = self.places.get(q.parent) if q.parent else None
            with_parent = name.replace(parent.name, "{P}") if parent is not None else name
            template = with_parent.replace(q.name, "{X}")
            # The place by its short name where the template has the full one, 国网寿光供电公司 for
            # 国网寿光市供电公司: named in full, as the template makes it.
            candidates = [(template.replace(q.short, "{S}"), name), (template.replace(q.short, "{X}"), None)] \
                if q.short != q.name else [(template, name)]
            for candidate, written in candidates:
                for form in self._templates.get(candidate, ()):
                    body = self._body(form, q)
                    if written is None or body[0] == written:
                        return body
        return None

    def _split_place(self, name: str, jurisdiction: Place | None) -> tuple[Place | None, str]:
        """Strip a leading place name or level word when what remains is a known alias."""
        if name in self._alias or name in self._collective:
            return None, name
        chain = self._chain(jurisdiction) if jurisdiction else None
        # The document's own places first, by full and by short name: 寿光市发改局, 寿光高新区.
        if chain is not None:
            for prefix, p in chain.prefixes:
                if name.startswith(prefix) and len(name) > len(prefix):
                    return p, name[len(prefix):]
        # Any other place by full name: 潍坊市生态环境局 in a 寿光 document.
        other = self.place_prefix(name)
        if other is not None and len(name) > len(other.name):
            return other, name[len(other.name):]
        # A level word: 市 / 县 / 区 / 省 / 州; the nearest of the document's places with that word.
        word, rest = self._level_word(name)
        if word is not None:
            target = chain.by_word.get(word) if chain is not None else None
            return (target or jurisdiction), rest
        return None, name

    def _level_word(self, name: str) -> tuple[str | None, str]:
        """The level word ``name`` opens with and what follows it, where that is a known name (or the
        word is 省 / 自治区); else (None, name)."""
        for word in _LEVEL_WORDS:
            if name.startswith(word) and len(name) > len(word):
                rest = name[len(word):]
                if rest in self._alias or rest in self._collective or _collective_like(rest) or word in ("省", "自治区"):
                    return word, rest
        return None, name

    def _chain(self, jurisdiction: Place) -> "_Chain":
        """The jurisdiction's places as _split_place reads them; a corpus has a few hundred jurisdictions,
        and every new name in each is resolved against the same chain."""
        chain = self._chains.get(jurisdiction.adcode)
        if chain is None:
            places = list(self.ancestors(jurisdiction))
            prefixes = tuple((prefix, p) for p in places for prefix in (p.name, p.short))
            words = [(p, p.level_word) for p in places]  # a property that looks at the name's suffixes
            # Each level word's nearest place that uses it, and 省's the province: the places are
            # walked from the province down, so that a nearer one takes the word over.
            by_word: dict[str, Place | None] = dict.fromkeys(_LEVEL_WORDS)
            for p, w in reversed(words):
                if w in by_word:
                    by_word[w] = p
                if p.level == "province":
                    by_word["省"] = p
            chain = self._chains[jurisdiction.adcode] = _Chain(prefixes, by_word, tuple(words))
        return chain

    def _group(self, bare: str) -> tuple[str, str] | None:
        """``_collective_kind`` of a name, memoised: four patterns tried on every new name otherwise."""
        if not bare.startswith("各") and not bare.endswith(_GROUP_ENDINGS):
            return None  # what every pattern needs (_GROUP_ENDINGS): most names are not even looked up
        if bare in self._groups:
            return self._groups[bare]
        if len(self._groups) > 100_000:  # bounded, like the other memos
            self._groups.clear()
        hit = self._groups[bare] = _collective_kind(bare, self._collective_labels)
        return hit

    def _body(self, form: Form, place: Place | None) -> tuple:
        """resolve_shape's fields for the body of ``form`` at ``place``: its full name and id."""
        key = (id(form), place.adcode if place is not None else None)  # what _fill reads
        body = self._bodies.get(key)
        if body is None:
            if len(self._bodies) > 100_000:
                self._bodies.clear()
            department_id = f"{place.adcode}/{form.code}" if place is not None else None
            body = self._bodies[key] = (self._fill(form, place), department_id, True, False, place)
        return body

    def _fill(self, form: Form, place: Place | None) -> str:
        if place is None:
            return form.full.replace("{X}", "").replace("{S}", "").replace("{P}", "")
        full = form.template(place.level).replace("{X}", place.name)
        if "{" not in full:  # most templates name the place by its full name only
            return full
        parent = self.places.get(place.parent) if place.parent else None
        return full.replace("{S}", place.short).replace("{P}", parent.name if parent else "")


# The level words a name may open with, in the order _split_place tries them (自治区 before 区).
_LEVEL_WORDS = ("自治区", "省", "市", "州", "县", "区", "旗", "盟")
_PLACE_NAMED = "place"  # a _shape's word where the name opens like a place name
_SHAPE_RESOLVES = 7  # where a _shape holds whether the name resolves in every jurisdiction


@dataclass(frozen=True, slots=True)
class _Chain:
    """A jurisdiction and its parents, as name resolution reads them."""

    prefixes: tuple[tuple[str, Place], ...]  # (full name or short name, place), nearest place first
    by_word: dict[str, Place | None]  # level word → the nearest place of the chain that uses it
    words: tuple[tuple[Place, str], ...]  # (place, level word), the jurisdiction first: ancestors() in order


# Collectives written in ways no list can enumerate: 各区（县、市）政府, 各乡（镇）人民政府, 市直各有关单位.
_GROUP_PATTERNS = (
    ("cities", re.compile(r"^各(?:地级以上市|地级市|设区的?市|地市|市（州）|市州|省辖市|州市|盟市)(?:人民)?(?:政府)?$")),
    # 各区县（市）政府, and the levels listed with 、: 各县、市、区人民政府, 各区、县（市）人民政府; 各区（市）县 (四川)
    ("counties", re.compile(r"^各(?:县|区|市|旗)(?:、(?:县|区|市|旗|自治县))*(?:（[县市区旗、]+）)?(?:县|区)?(?:党委和政府|党委、政府|党委政府|人民政府|政府)?$|"
                              r"^各(?:县市区|区县市|县区|区县|市县|区市)(?:（[县市区旗、]+）)?(?:党委和政府|党委、政府|党委政府|人民政府|政府)?$")),
    ("towns", re.compile(r"^各(?:乡|镇|街道|乡镇)(?:、(?:乡|镇|街道))*(?:（[乡镇街道、]+）)?(?:人民政府|政府|办事处|街道办事处)?$")),
    ("departments", re.compile(r"(?:有关|相关|各)(?:部门|单位|职能部门)(?:、单位)?$")),
)
# Each pattern but the last opens with ^各; the last ends in 部门 or 单位 before $ (which also
# matches before a final line break). A name that does neither matches none of them.
_GROUP_ENDINGS = ("部门", "单位", "部门\n", "单位\n")


# A collective of places that lists its levels, 各县、市、区人民政府: the pieces of both patterns below.
_LEVEL = r"(?:县|区|市|旗|自治县|乡|镇|街道)"
_LEVEL_GLOSS = r"[县市区旗乡镇街道、]{1,10}"  # inside the brackets of 县（市）
_LEVEL_GOVERNMENT = r"(?:党委和政府|党委、政府|党委政府|人民政府|政府|街道办事处|办事处)"
# What may follow 各县 after a 、 in one collective of places: 市 / 区人民政府 / 县（市）人民政府 / 街道办事处
# (a canonical name: full-width brackets).
_LEVEL_PART = re.compile(_LEVEL + "(?:（" + _LEVEL_GLOSS + "）)?" + _LEVEL_GOVERNMENT + "?")
_PLACE_GROUPS = frozenset({"counties", "towns", "cities"})
# The same list of levels in running text (ASCII or full-width brackets): 各县、市、区人民政府, 各区、县（市）人民政府.
LEVEL_LIST = re.compile("各(?:县|区|市|旗|乡|镇)(?:、" + _LEVEL + "(?:[(（]" + _LEVEL_GLOSS + "[)）])?)+" + _LEVEL_GOVERNMENT + "?")


def _collective_kind(name: str, labels: dict[str, str]) -> tuple[str, str] | None:
    for code, pattern in _GROUP_PATTERNS:
        if pattern.search(name) and code in labels:
            return code, labels[code]
    return None


# Brackets and spaces vary between documents; names are compared in one form.
_CANON_TABLE = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "〔": "（", "〕": "）", " ": "", "\u3000": "",
                               "*": "", "＊": ""})  # 各市〔州〕 is 各市（州）


# The characters _CANON_TABLE maps: most names have none, and str.translate looks up every
# character of a Chinese name in the table (boxing each code point), for nothing.
_CANON_CHARS = re.compile("[" + re.escape("".join(chr(c) for c in _CANON_TABLE)) + "]")


def _canon(name: str) -> str:
    if _CANON_CHARS.search(name) is None:
        return name.strip()
    return name.translate(_CANON_TABLE).strip()


def _read_places() -> list[Place]:
    text = resources.files("ontology").joinpath("places.tsv").read_text(encoding="utf-8")
    places = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#") or line.startswith("adcode\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 4:
            raise GazetteerError(f"places.tsv:{lineno}: expected 4 tab-separated fields (adcode, name, level, parent), got {len(parts)}.")
        adcode, name, level, parent = parts
        places.append(Place(adcode, name, level, parent or None))
    return places


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer (cached: loading parses ~3,200 places and ~400 aliases)."""
    import yaml

    raw = resources.files("ontology").joinpath("departments.yaml").read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise GazetteerError(f"departments.yaml is not valid YAML: {exc}") from exc
    return Gazetteer(data["types"], data.get("collectives", []), _read_places())
