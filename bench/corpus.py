"""Synthetic corpora of Chinese work plans, deterministic from a seed.

    python bench/corpus.py OUT_DIR [--n 1000] [--seed 1] [--html 0.05] [--gb18030 0.1] [--docx 0]

Each document is drawn from templates that vary what real 工作方案 vary (field-notes §1–4):

* structure: 一、/（一）/1. and 一、/1./（1） trees (items numbered anew under each （一） or through
  the chapter), 一是…二是 enumerations, a task table (序号 / 重点任务 / 牵头单位 / 配合单位 / 完成时限)
  in some documents;
* responsibility formats: （责任单位：A、B）, （牵头单位：A；配合单位：B）, （A牵头，B配合）,
  a standing note 列第一位的为牵头单位, 责任单位 on its own line, 按职责分工负责, and
  由A牵头，B配合。 as a sentence of its own;
* departments: 40 county/city bureaus written as 发改局 / 市发改局 / full names, for
  jurisdictions drawn from ontology/places.tsv (a few hundred, so bureaus recur across documents);
* targets: 到2025年…达到N个, 年均增长N%以上, 突破N亿元, 下降N%, 累计N万人;
* references: upper-level policies shared by many documents, and (in half the documents) one of
  the 50 documents before it (so cross-document links exist); some measures name a programme (“链长制”).

Document ``i`` depends only on ``(seed, i)``: a corpus of 100 is the first 100 of a corpus of
10,000. ``mutate(path, k)`` changes one document the way a revision does (a measure with a target
and two bureaus added), for incremental-build benchmarks. Stdlib only, except .docx (python-docx).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (short alias, full-name suffix); the full name is {jurisdiction}{suffix}
DEPARTMENTS = [
    ("发改局", "发展和改革局"), ("工信局", "工业和信息化局"), ("财政局", "财政局"), ("科技局", "科学技术局"),
    ("人社局", "人力资源和社会保障局"), ("商务局", "商务局"), ("农业农村局", "农业农村局"),
    ("生态环境局", "生态环境局"), ("文旅局", "文化和旅游局"), ("住建局", "住房和城乡建设局"),
    ("自然资源局", "自然资源局"), ("交通运输局", "交通运输局"), ("水利局", "水利局"), ("教育局", "教育局"),
    ("卫健局", "卫生健康局"), ("市场监管局", "市场监督管理局"), ("应急局", "应急管理局"), ("统计局", "统计局"),
    ("民政局", "民政局"), ("司法局", "司法局"), ("公安局", "公安局"), ("审计局", "审计局"),
    ("行政审批服务局", "行政审批服务局"), ("医保局", "医疗保障局"), ("退役军人局", "退役军人事务局"),
    ("税务局", "税务局"), ("大数据局", "大数据局"), ("城管局", "综合行政执法局"), ("国资局", "国有资产监督管理局"),
    ("林业局", "林业局"), ("供销社", "供销合作社"), ("工商联", "工商业联合会"), ("团委", "团委"), ("妇联", "妇女联合会"),
    ("委组织部", "委组织部"), ("委宣传部", "委宣传部"), ("委政法委", "委政法委员会"), ("人才办", "委人才工作领导小组办公室"),
    ("政府办公室", "人民政府办公室"), ("融媒体中心", "融媒体中心"),
]
TOPICS = [
    ("县域经济高质量发展", ["产业升级", "园区建设", "招商引资", "科技创新", "人才支撑", "营商环境", "城乡融合", "绿色低碳"]),
    ("优化营商环境", ["政务服务", "要素保障", "市场监管", "法治保障", "企业服务", "数字政府"]),
    ("乡村振兴", ["粮食安全", "特色产业", "人居环境", "乡村治理", "农民增收", "农村改革"]),
    ("数字经济发展", ["数字基础设施", "产业数字化", "数字产业化", "数据要素", "数字治理"]),
    ("生态环境保护", ["大气污染防治", "水污染防治", "土壤污染防治", "固体废物治理", "生态修复"]),
    ("安全生产", ["风险排查", "隐患治理", "应急救援", "责任落实", "执法检查"]),
    ("就业创业", ["重点群体就业", "创业扶持", "技能培训", "公共就业服务", "权益保障"]),
    ("民营经济发展", ["市场准入", "融资支持", "减税降费", "创新发展", "亲清政商关系"]),
]
UPPER = [
    "山东省县域经济高质量发展三年行动方案（2023—2025年）", "国务院关于进一步优化营商环境的意见",
    "乡村振兴战略规划（2018—2022年）", "“十四五”数字经济发展规划", "关于深入打好污染防治攻坚战的意见",
    "安全生产专项整治三年行动计划", "关于促进民营经济发展壮大的意见", "“十四五”就业促进规划",
    "关于推动县域经济高质量发展的指导意见", "关于加快建设全国统一大市场的意见",
]
PROGRAMMES = ["链长制", "百项技改", "百企转型", "双招双引", "一网通办", "河长制", "林长制", "万企兴万村", "专精特新"]
VERBS = ["实施", "推进", "加快", "深化", "强化", "完善", "健全", "培育", "打造", "提升", "优化", "落实"]
OBJECTS = ["产业集群", "创新平台", "重点项目", "服务体系", "工作机制", "示范园区", "基础设施", "人才队伍", "数字化改造",
           "标准体系", "监测网络", "公共服务", "融资渠道", "要素保障", "品牌建设", "应急能力"]
FILLER = [
    "坚持问题导向和目标导向，统筹推进各项工作，确保取得实效",
    "建立健全工作台账，实行清单化管理、项目化推进，定期调度通报进展情况",
    "加大政策支持力度，统筹整合各类资金，形成工作合力",
    "强化部门协同联动，完善信息共享机制，及时研究解决工作推进中的重大问题",
    "加强宣传引导，总结推广典型经验做法，营造全社会共同参与的良好氛围",
    "聚焦重点领域和关键环节，集中力量攻坚突破，推动工作提档升级",
]
SUBJECTS = [("规模以上工业企业", "家"), ("高新技术企业", "家"), ("省级以上创新平台", "个"), ("新增城镇就业", "人"),
            ("重点项目", "个"), ("特色产业集群", "个"), ("5G基站", "个"), ("农村生活污水治理率", "%"),
            ("研发经费投入", "亿元"), ("实际使用外资", "亿元"), ("高标准农田", "万亩"), ("技能人才", "万人")]


@dataclass(frozen=True)
class Place:
    adcode: str
    name: str


def places(limit: int = 300) -> list[Place]:
    """County-level jurisdictions (市/县/区 with a parent) from ontology/places.tsv, in file order."""
    out = []
    for line in (ROOT / "ontology" / "places.tsv").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) >= 4 and cells[2] == "county" and cells[1].endswith(("市", "县", "区")) and len(cells[1]) <= 5:
            out.append(Place(cells[0], cells[1]))
    step = max(1, len(out) // limit)
    return out[::step][:limit]


def title_of(seed: int, i: int) -> tuple[Place, str, str]:
    """Jurisdiction, topic and title of document ``i`` (cheap: later documents cite earlier ones)."""
    rng = random.Random(f"{seed}:title:{i}")
    place = rng.choice(places())
    topic, _ = rng.choice(TOPICS)
    year = rng.choice([2023, 2024, 2025])
    kind = rng.choice(["工作方案", "实施方案", "行动方案", "若干措施", "三年行动计划"])
    return place, topic, f"{place.name}{topic}{kind}（{year}—{year + 2}年）第{i}号"


def _dept(rng: random.Random, place: Place, pool: list[tuple[str, str]]) -> str:
    short, full = rng.choice(pool)
    r = rng.random()
    if r < 0.6:
        return short
    if r < 0.8:
        return (place.name[-1] if place.name[-1] in "市县区" else "市") + short
    return place.name + full


def _depts(rng: random.Random, place: Place, pool: list[tuple[str, str]], k: int) -> list[str]:
    names: list[str] = []
    while len(names) < k:
        d = _dept(rng, place, pool)
        if d not in names:
            names.append(d)
    return names


def _responsibility(rng: random.Random, place: Place, pool: list[tuple[str, str]], style: int) -> str:
    d = _depts(rng, place, pool, rng.randint(1, 4))
    if style == 0:
        return f"（责任单位：{'、'.join(d)}）"
    if style == 1:
        return f"（牵头单位：{d[0]}；配合单位：{'、'.join(d[1:]) or d[0]}）" if len(d) > 1 else f"（牵头单位：{d[0]}）"
    if style == 2:
        return f"（{d[0]}牵头，{'、'.join(d[1:])}配合）" if len(d) > 1 else f"（{d[0]}负责）"
    if style == 3:
        return f"（{'、'.join(d)}按职责分工负责）"
    if style == 5:  # a sentence of its own, no brackets
        return f"由{d[0]}牵头，{'、'.join(d[1:])}配合。" if len(d) > 1 else f"{d[0]}负责。"
    return f"\n责任单位：{'、'.join(d)}"


def _target(rng: random.Random, year: int) -> str:
    subject, unit = rng.choice(SUBJECTS)
    n = rng.choice([3, 5, 8, 10, 12, 15, 20, 30, 50, 100, 120, 200, 500])
    form = rng.randrange(5)
    if unit == "%":
        return f"到{year}年，{subject}达到{rng.choice([60, 75, 85, 90, 95])}%以上"
    if form == 0:
        return f"到{year}年，{subject}达到{n}{unit}"
    if form == 1:
        return f"{subject}年均增长{rng.choice([5, 6, 8, 10, 12])}%以上"
    if form == 2:
        return f"力争{subject}突破{n}{unit}"
    if form == 3:
        return f"{subject}累计达到{n}{unit}"
    return f"单位地区生产总值能耗下降{rng.choice([3, 5, 13.5])}%"


def document(seed: int, i: int) -> tuple[str, str]:
    """``(title, text)`` of document ``i``."""
    rng = random.Random(f"{seed}:doc:{i}")
    place, topic, title = title_of(seed, i)
    areas = next(a for t, a in TOPICS if t == topic)
    pool = rng.sample(DEPARTMENTS, rng.randint(12, 30))
    year = int(title.split("（")[-1][:4]) + 2
    style = rng.randrange(5)  # responsibility format, mostly one per document
    tree = rng.randrange(3)  # 0: 一、（一）1.  1: 一、1.（1）  2: 一、（一）一是
    # Formats added later draw from their own generator, so that the documents that do not use
    # them stay as they were (the rest of the text comes from rng in the same order).
    extra = random.Random(f"{seed}:extra:{i}")
    if extra.random() < 0.1:
        style = 5  # 由A牵头，B配合。 after the measure
    through = tree == 0 and extra.random() < 0.3  # items numbered through the chapter: （一）1. 2. （二）3.
    issuer = f"{place.name}人民政府" + ("办公室" if rng.random() < 0.3 else "")
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    out = [f"各镇人民政府、街道办事处，{place.name}各部门、各单位：",
           f"《{title}》已经{place.name}政府同意，现印发给你们，请结合实际认真组织实施。",
           f"{issuer}", f"{year - 2}年{month}月{day}日", "（此件公开发布）", "", title, ""]
    cites = [f"《{u}》" for u in rng.sample(UPPER, rng.randint(1, 3))]
    if i > 0 and rng.random() < 0.5:  # an earlier document of the corpus
        j = rng.randrange(max(0, i - 50), i)
        cites.append(f"《{title_of(seed, j)[2]}》")
    out.append(f"为全面贯彻落实{'、'.join(cites)}，进一步推动{topic}工作，结合{place.name}实际，制定本方案。")
    convention = style == 0 and rng.random() < 0.4
    chapters = ["总体要求", "重点任务", "保障措施"] if rng.random() < 0.7 else ["主要目标", "重点任务", "组织实施"]
    numerals = "一二三四五六七八九十"
    for c, chapter in enumerate(chapters):
        out.append(f"{numerals[c]}、{chapter}")
        if chapter in ("总体要求", "主要目标"):
            out.append(f"坚持以习近平新时代中国特色社会主义思想为指导，{rng.choice(FILLER)}。"
                       f"{_target(rng, year)}，{_target(rng, year)}。")
            continue
        if chapter != "重点任务":
            for k in range(rng.randint(2, 4)):
                out.append(f"（{numerals[k]}）{rng.choice(['加强组织领导', '强化督导考核', '加强要素保障', '营造良好氛围'])}。"
                           f"{rng.choice(FILLER)}。{rng.choice(FILLER)}。")
            continue
        m = 0
        for a, area in enumerate(rng.sample(areas, rng.randint(3, min(6, len(areas))))):
            head = f"（{numerals[a]}）" if tree != 1 else f"{a + 1}."
            out.append(f"{head}{rng.choice(VERBS)}{area}{rng.choice(['工程', '行动', '提升行动', '攻坚'])}。")
            for k in range(rng.randint(3, 8)):
                m += 1
                verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
                body = "".join(f"{x}。" for x in rng.sample(FILLER, rng.randint(1, 3)))
                if rng.random() < 0.6:
                    body += f"{_target(rng, year)}。"
                if rng.random() < 0.15:
                    body += f"全面推行“{rng.choice(PROGRAMMES)}”，{rng.choice(FILLER)}。"
                if tree == 2:
                    out.append(f"{numerals[k % 10]}是{verb}{obj}。{body}{_responsibility(rng, place, pool, style)}")
                else:
                    mark = f"{m if through else k + 1}." if tree == 0 else f"（{k + 1}）"
                    out.append(f"{mark}{verb}{area}{obj}。{body}{_responsibility(rng, place, pool, style)}")
        if rng.random() < 0.15:  # a task table
            out.append("序号\t重点任务\t牵头单位\t配合单位\t完成时限")
            for r in range(rng.randint(2, 6)):
                d = _depts(rng, place, pool, 2)
                out.append(f"{r + 1}\t{rng.choice(VERBS)}{rng.choice(OBJECTS)}\t{d[0]}\t{d[1]}\t{year}年底前")
    if convention:
        out.append("注：列第一位的为牵头单位，其他为配合单位。")
    out.append(f"{place.name}人民政府办公室 {year - 2}年{month}月{day}日印发")
    return title, "\n".join(out) + "\n"


def _html(title: str, text: str) -> bytes:
    import html

    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>"
            f"<body><div class=\"article\">\n{body}</div></body></html>\n").encode("utf-8")


def _docx(text: str) -> bytes:
    import io

    import docx

    d = docx.Document()
    for line in text.splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def write_corpus(out: Path, n: int, *, seed: int = 1, html: float = 0.05, gb18030: float = 0.1,
                 docx: float = 0.0) -> list[Path]:
    """Write documents ``0..n-1`` under ``out/{adcode}/`` and return their paths (sorted)."""
    paths = []
    for i in range(n):
        title, text = document(seed, i)
        rng = random.Random(f"{seed}:format:{i}")
        r = rng.random()
        folder = out / title_of(seed, i)[0].adcode
        folder.mkdir(parents=True, exist_ok=True)
        if r < html:
            path, data = folder / f"{i:05d}.html", _html(title, text)
        elif r < html + docx:
            path, data = folder / f"{i:05d}.docx", _docx(text)
        elif r < html + docx + gb18030:
            path, data = folder / f"{i:05d}.txt", text.encode("gb18030")
        else:
            path, data = folder / f"{i:05d}.txt", text.encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
    return sorted(paths)


def mutate(path: Path, k: int = 0) -> None:
    """Revise one document in place: add a measure with a target and a bureau (stays readable)."""
    data = path.read_bytes()
    extra = f"\n{90 + k}.新增修订任务{k}。到2026年，新增重点项目达到{10 + k}个。（责任单位：发改局、财政局）\n"
    if path.suffix == ".txt":
        try:
            text = data.decode("utf-8")
            path.write_bytes((text + extra).encode("utf-8"))
        except UnicodeDecodeError:
            path.write_bytes((data.decode("gb18030") + extra).encode("gb18030"))
    elif path.suffix in (".html", ".htm"):
        path.write_bytes(data.replace(b"</div>", f"<p>{extra.strip()}</p></div>".encode()))
    else:
        path.write_bytes(_docx(_docx_text(data) + extra))


def _docx_text(data: bytes) -> str:
    import io

    import docx

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--html", type=float, default=0.05, help="share of .html documents")
    ap.add_argument("--gb18030", type=float, default=0.1, help="share of .txt documents in GB18030")
    ap.add_argument("--docx", type=float, default=0.0, help="share of .docx documents")
    args = ap.parse_args()
    paths = write_corpus(args.out, args.n, seed=args.seed, html=args.html, gb18030=args.gb18030, docx=args.docx)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} documents, {size / 1e6:.1f} MB in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
