"""etl.readers.ocr and ocr_words: recognised lines become characters with boxes, a
page is recognised once (then read from the cache), misread form labels are mended."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from etl.readers import ocr
from etl.readers.ocr_words import mended

SCAN = Path(__file__).resolve().parents[2] / "fixtures" / "scans" / "real_05_scan.jpg"


def _box(x0: float, x1: float) -> list[list[float]]:
    return [[x0, 10.0], [x1, 10.0], [x1, 40.0], [x0, 40.0]]


def test_words_become_characters_and_small_gaps_between_them_close() -> None:
    line = [_box(0, 130), "2023年度 合计", 0.97,
            [_box(0, 80), _box(85, 100), _box(100, 115), _box(160, 190)],
            ["2023", "年", "度", "合计"], [0.99, 0.98, 0.6, 0.95]]  # fmt: skip
    chars = ocr._characters([line])
    assert "".join(c.text for c in chars) == "2023年度合计"
    assert [c.x1 for c in chars[:4]] == [20, 40, 60, 82.5]  # "2023" spread, its gap closed
    assert chars[4].x0 == 82.5 and chars[5].confidence == 0.6
    assert chars[6].x0 == 160  # 45 px apart at 30 px high: a real gap stays


def test_a_line_whose_words_do_not_spell_it_is_spread_over_its_box() -> None:
    line = [_box(0, 40), "项目", 0.9, [_box(0, 10)], ["x"], [0.1]]
    chars = ocr._characters([line])
    assert [(c.text, c.x0, c.x1, c.confidence) for c in chars] == [
        ("项", 0, 20, 0.9),
        ("目", 20, 40, 0.9),
    ]


def test_a_page_is_recognised_once_then_read_from_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JIXIAO_OCR_CACHE", str(tmp_path))
    image = np.asarray(Image.open(SCAN).convert("L"))[:400]  # the form's title and head
    engine = ocr._engine()
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return engine(*args, **kwargs)

    monkeypatch.setattr(ocr, "_engine", lambda: counted)
    first = ocr.recognise(image)
    again = ocr.recognise(image)
    assert len(calls) == 1 and again == first
    assert "自评表" in "".join(c.text for c in first)
    assert list(tmp_path.rglob("*.json"))


@pytest.mark.parametrize(
    ("read", "kept"),
    [
        ("主管部內", "主管部门"),  # one character misread: the label
        ("主管部门", "主管部门"),
        ("年度指标直", "年度指标值"),
        ("临沧市林业局", "临沧市林业局"),  # a value: nothing near it
        ("分值", "分值"),  # too short to judge
        ("其他资全", "其他资金"),
        ("一", "—"),  # a dash read as 一: the cell said "not applicable"
        ("一一", "—"),
        ("一级", "一级"),
    ],
)
def test_a_label_misread_by_one_character_is_mended(read: str, kept: str) -> None:
    assert mended(read) == kept
