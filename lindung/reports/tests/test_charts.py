"""The server-drawn SVG charts: values written where they can be read."""

import itertools
import re

from lindung.reports import charts


def _labels(svg: str) -> list[tuple[float, str]]:
    return [
        (float(x), text)
        for x, text in re.findall(r'<text x="([\d.]+)" y="[\d.-]+" class="val"[^>]*>([^<]*)<', svg)
    ]


def _months(values: list[int]) -> list[dict]:
    return [{"label": f"{i + 1:02d}-2027", "value": v} for i, v in enumerate(values)]


def test_the_highest_value_next_to_the_last_is_not_written_over_it():
    # The dashboard's trend: members grow every month, the last month a few ended (highest is the one before).
    svg = str(charts.line(_months([10, 40, 90, 160, 250, 260, 255]), "Tren"))
    labels = _labels(svg)
    assert [text for _x, text in labels] == ["10", "255"]
    xs = sorted(x for x, _text in labels)
    assert all(b - a >= charts.LABEL_ROOM for a, b in itertools.pairwise(xs))


def test_the_highest_value_in_the_middle_is_written():
    svg = str(charts.line(_months([10, 40, 300, 160, 250, 200, 120]), "Tren"))
    assert [text for _x, text in _labels(svg)] == ["10", "300", "120"]


def test_one_month_has_one_label():
    assert [text for _x, text in _labels(str(charts.line(_months([7]), "Tren")))] == ["7"]


def test_a_long_bar_label_is_cut_to_the_charts_width():
    name = "Pekerja jasa perorangan (tukang cukur, penjahit, montir, dan sejenisnya)"
    svg = str(charts.bars([{"label": name, "value": 4}, {"label": "Nelayan", "value": 6}], "Pekerjaan"))
    assert name not in svg and "Pekerja jasa perorangan (tukang cukur, penj…" in svg and ">Nelayan<" in svg
