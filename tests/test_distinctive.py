"""Word frequencies: the direct table look-up agrees with wordfreq's own zipf_frequency."""

from __future__ import annotations

from pathlib import Path

import pytest
from wordfreq import zipf_frequency

from watchlists.distinctive import name_information, token_zipf, words_zipf
from watchlists.folding import fold

ZIPF = [
    ("the", 7.73),
    ("company", 5.6),
    ("power", 5.52),
    ("putin", 4.13),
    ("soleimani", 2.05),
    ("xqzvjw", 0.0),  # unknown
    ("a", 7.0),  # one letter: common by our rule
    ("2024", 7.0),  # digits: common by our rule
    ("a1", 3.64),  # letters and digits: wordfreq's own reading
    ("&", 7.0),
]


@pytest.mark.parametrize(("token", "zipf"), ZIPF)
def test_token_zipf_table(token: str, zipf: float) -> None:
    assert token_zipf(token) == zipf


def test_words_zipf_reads_each_as_word_zipf_does() -> None:
    words = [token for token, _ in ZIPF] * 2
    assert words_zipf(words).tolist() == [zipf for _, zipf in ZIPF] * 2
    assert words_zipf([]).tolist() == []


def test_token_zipf_equals_wordfreq_on_the_news(shared_data: Path) -> None:
    words: set[str] = set()
    for path in sorted((shared_data / "news" / "bbc_2004_2005").glob("*/*.txt"))[:300]:
        words.update(fold(path.read_bytes().decode("latin-1")).split())
    words = {w for w in words if len(w) > 1 and not w.isdigit()}
    assert len(words) > 5000
    differ = {w: (token_zipf(w), zipf_frequency(w, "en")) for w in words}
    assert {w: z for w, z in differ.items() if z[0] != z[1]} == {}


def test_name_information_orders_names_by_rarity() -> None:
    assert name_information(["the", "base"]) < 0.5
    assert name_information(["qasem", "soleimani"]) > name_information(["vladimir", "putin"])
