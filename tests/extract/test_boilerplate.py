from __future__ import annotations

import pytest

from tidings.extract.boilerplate import drop_promotions, is_promotion
from tidings.extract.text import plain_blocks


@pytest.mark.parametrize(
    "line",
    [
        "Read more: Alibaba poised to launch record listing",
        "READ MORE: Plague outbreak confirmed",
        "[Related: The 15 weirdest galaxies]",
        "DON'T MISS",
        "CLICK HERE TO GET THE NEWS APP",
        "Lesen Sie auch: Die Bahn streikt",
        "Leia também: Governo anuncia medidas",
    ],
)
def test_promotions_are_recognised(line: str) -> None:
    assert is_promotion(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council read more than 300 letters before the vote.",
        "Related " + "words make a long paragraph of real prose about the topic " * 6,
    ],
)
def test_story_lines_are_kept(line: str) -> None:
    assert not is_promotion(line)


def test_drop_promotions_keeps_order_of_the_rest() -> None:
    blocks = plain_blocks("First.\n\nRead more: elsewhere\n\nSecond.")
    assert [block.text for block in drop_promotions(blocks)] == ["First.", "Second."]
