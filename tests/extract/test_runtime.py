"""The collector pause around extraction: it is off while a document is extracted, and as it was after."""

import gc

import pytest

from extract.pipeline import extract_text
from extract.runtime import paused_gc


def test_extraction_pauses_the_collector_and_restores_it() -> None:
    seen = []
    with paused_gc():
        seen.append(gc.isenabled())
    assert seen == [False] and gc.isenabled()
    doc = extract_text("一、推动技改。技改投资年均增长8%以上。（责任单位：市工信局）", source="t")
    assert gc.isenabled()
    assert [d.canonical for m in doc.measures for d in m.departments] == ["工业和信息化局"]


def test_a_pause_inside_a_pause_and_an_error_leave_the_collector_as_it_was() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("x")
    assert gc.isenabled()

