"""Hostile input against normal text: seconds per MB of each pathological case as a ratio to the sample.

    python bench/bench_pathological.py

Catastrophic backtracking or a quadratic loop shows up as a large ratio; the goal is that the
slowest case stays within a few times normal text. The same cases run in
tests/extract/test_robustness.py with generous time bounds.
"""

from __future__ import annotations

import time

from extract import SAMPLE, extract_text

MEASURE = "{n}.推进第{n}项工作。到2025年，建成示范点{n}个以上。（牵头单位：市发改局；配合单位：市财政局、各镇街）\n"
CASES = {
    "normal text (the sample ×50)": lambda: "\n".join([SAMPLE.read_text(encoding="utf-8")] * 50),
    "10,000 measures": lambda: "寿光市人民政府\n一、重点任务\n" + "".join(MEASURE.format(n=i) for i in range(1, 10001)),
    "one 6M-character line of targets": lambda: ("推进产业升级，到2025年达到5个以上，" * 350_000)[:6_000_000],
    "5,000 unbalanced brackets": lambda: "1.推进改革。" + "（" * 5000 + "责任单位：市发改局" + "）" * 3000 + "(" * 4000,
    "a clause of 500 names": lambda: "一、重点任务\n1.推进改革。（责任单位：" + "、".join(f"市第{i}局" for i in range(500)) + "）",
    "all numbers": lambda: "1234567890.12345 " * 100_000,
    "control and zero-width characters": lambda: "一、重点任务\x00\x01\u200b\u2028\n1.推进\u200d改革。(责任单位:市发改局)\x7f" * 5000,
    "traditional characters": lambda: "壽光市人民政府\n一、重點任務\n1.推進產業升級。到2025年，產業集群達到5個。（責任單位：發改局、工信局）\n" * 2000,
}


def main() -> None:
    extract_text("预热")
    rows = []
    for name, make in CASES.items():
        text = make()
        mb = len(text.encode("utf-8")) / 1e6
        t = time.perf_counter()
        extract_text(text)
        seconds = time.perf_counter() - t
        rows.append((name, mb, seconds, seconds / mb))
    base = rows[0][3]
    print(f"{'case':<36}{'MB':>8}{'seconds':>10}{'s/MB':>9}{'× normal':>10}")
    for name, mb, seconds, per in rows:
        print(f"{name:<36}{mb:>8.2f}{seconds:>10.2f}{per:>9.2f}{per / base:>10.2f}")


if __name__ == "__main__":
    main()
