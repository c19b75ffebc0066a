"""The skeleton's array path (whole articles) gives the bytes of its definition (short strings).

`skeleton` picks the path by length, so a difference would make an article's skeleton disagree
with the skeletons of the names searched in it.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from watchlists import phonetics
from watchlists.phonetics import _ARRAY_FROM, _array_skeleton, _bytes_skeleton, skeleton
from watchlists.scan_text import ScanText

TRICKY = [
    "",
    " ",
    "  ",
    "a",
    "x",
    "X",
    "h",
    "H",
    # Runs, after vowels have gone, merge to one letter.
    "ll",
    "lll",
    "llll",
    "lllll",
    "tttttt",
    "mamma mia",
    "Annan Hannan",
    "tattoo nineteen",
    "LL LLL",
    "kck ckk cck",
    "zs dt gk cq",
    # tch / sch and the chains the sequential rewrites make.
    "tch Tch TCH tCh",
    "sch Sch SCH",
    "stch Stch sTch STch",
    "Ttch TTch tTtch sTtch STtch",
    "ttch sttch Sttch tttch",
    "tsch Tsch ssch scch",
    "tchch schch stchtch",
    "tc sc Tc Sc tcx scx",
    "Grigorievitch Schwarz Tschechow Deutsch",
    # dj / ph / kh / x.
    "dj Dj DJ dJ ddj Ddj Dddj DDj dDj",
    "ph Ph PH pph Pph phh pkh",
    "kh Kh KH kkh Kkh ckh sckh tckh khh",
    "x X xx XX xs kx kkx xch Xch xh Xh",
    "Maxim Alexander Xavier Djamel Mikhail Khusein Philip",
    # Capitals, digits, punctuation that folding would have removed, empty fields.
    "Ali Osama Usama Yusuf Ivan Ekaterina Halyna",
    "ABC DEF QCG ZWD",
    # Capitals after a capital count as lower case: words in capitals read as names.
    "QASSEM SULEIMANI McDONALD TCH SCH DJ KH PH XX",
    "AbCD ABc aBCd A B C AA BB",
    "1st 2nd 100 007",
    "{{ }} || ~~ \x7f\x7f a{{b",
    "two  spaces   three    four",
    " leading and trailing ",
    "Qassem  Suleimani, Ghasem Soleimani",
]


def test_words_in_capitals_read_as_names() -> None:
    assert skeleton("QASSEM SULEIMANI") == skeleton("Qassem Suleimani") == "Ksm Slmn"
    assert skeleton(" " * _ARRAY_FROM + "QASSEM SULEIMANI").endswith("Ksm Slmn")


@pytest.mark.parametrize("text", TRICKY)
def test_array_path_equals_bytes_path(text: str) -> None:
    data = text.encode("ascii")
    assert _array_skeleton(data) == _bytes_skeleton(data)


def test_array_path_equals_bytes_path_on_random_strings() -> None:
    # Letters that take part in rewrites, densely, so chains such as "Ttch" or "Ddj" occur.
    rng = random.Random(20240517)
    for alphabet in ("tcshTSDdjxXkKpPa ", "tchsdjkpx aeo lnmrTSDKPX{}"):
        for _ in range(5000):
            data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))).encode()
            assert _array_skeleton(data) == _bytes_skeleton(data), data


def test_skeleton_takes_the_array_path_for_long_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join(TRICKY) * 20
    assert len(text) >= _ARRAY_FROM
    calls: list[int] = []

    def spy(data: bytes) -> bytes:
        calls.append(len(data))
        return _array_skeleton(data)

    monkeypatch.setattr(phonetics, "_array_skeleton", spy)
    assert skeleton(text) == _bytes_skeleton(text.encode("ascii")).decode("ascii")
    assert calls == [len(text)]
    skeleton("Ghasem Soleimani")  # a name stays on the bytes path
    assert calls == [len(text)]


def test_array_path_on_every_bbc_article(shared_data: Path) -> None:
    articles = sorted((shared_data / "news" / "bbc_2004_2005").glob("*/*.txt"))
    assert articles
    for path in articles:
        doc = ScanText.of(path.read_bytes().decode("latin-1"))
        data = f" {doc.folded.cased} ".encode("ascii")
        assert _array_skeleton(data) == _bytes_skeleton(data), path.name


def test_word_spans_map_skeleton_hits_back_to_their_words() -> None:
    doc = ScanText.of("Mr.  Qassem Suleimani, said  Ghasem Soleimani.")
    expected = ["qassem suleimani", "ghasem soleimani"]
    start = -1
    for words in expected:
        start = doc.skeleton.index(" Ksm Slmn ", start + 1)
        (begin,), (end,) = doc.word_spans([start], np.array([2], np.int8))
        assert doc.folded.folded[begin:end] == words
        assert doc.words(begin, end) == words.split()
    starts = [doc.skeleton.index(" Ksm Slmn "), doc.skeleton.index(" Slmn ")]
    begins, ends = doc.word_spans(starts, np.array([2, 1], np.int8))
    assert [doc.folded.folded[b:e] for b, e in zip(begins, ends, strict=True)] == [
        "qassem suleimani",
        "suleimani",
    ]
    # Many hits: the same spans, read from the array of the skeleton's spaces.
    many = [starts[i % 2] for i in range(20)]
    begins, ends = doc.word_spans(many, np.array([2, 1] * 10, np.int8))
    assert [doc.folded.folded[b:e] for b, e in zip(begins, ends, strict=True)] == [
        "qassem suleimani",
        "suleimani",
    ] * 10
