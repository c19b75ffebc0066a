"""Watch-term figures: adding one term to a built index, and a million synthetic terms."""

from __future__ import annotations

import random
import statistics
import time

from wordfreq import zipf_frequency

from watchlists.matcher import Matcher

__all__ = ["add_term_latency", "synthetic_terms"]

_SYLLABLES = [
    "ka",
    "ri",
    "mo",
    "ta",
    "le",
    "vi",
    "no",
    "sa",
    "du",
    "ro",
    "ze",
    "pa",
    "li",
    "ga",
    "be",
    "to",
    "mi",
    "ra",
    "so",
    "ne",
    "ko",
    "ha",
    "bu",
    "di",
    "fe",
    "lo",
    "ma",
    "ni",
    "ve",
    "shi",
    "kov",
    "ski",
    "enko",
    "ova",
    "ich",
    "ar",
    "el",
    "in",
    "os",
    "an",
    "ur",
    "ek",
    "ot",
    "ul",
    "em",
    "ash",
    "ov",
    "ab",
    "id",
    "ez",
    "ym",
]
_GIVEN = [
    "anna",
    "boris",
    "carlos",
    "dmitri",
    "elena",
    "farid",
    "grace",
    "hassan",
    "ivan",
    "julia",
    "karim",
    "lena",
    "maria",
    "nadia",
    "oleg",
    "pavel",
    "rosa",
    "sergei",
    "tamara",
    "umar",
    "viktor",
    "walid",
    "xenia",
    "yusuf",
    "zara",
    "ahmed",
    "jose",
    "li",
    "wei",
    "olga",
]


def synthetic_terms(count: int, *, seed: int = 100_000) -> list[str]:
    """`count` distinct invented watch terms, as 100,000 users x 10 terms might type them."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        surname = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        if zipf_frequency(surname, "en") >= 2.5:
            continue  # users watch names, not words like "Said" or "Have"
        roll = rng.random()
        if roll < 0.6:
            term = f"{rng.choice(_GIVEN).title()} {surname}"
        elif roll < 0.9:
            term = surname
        else:
            term = f'"{surname} {rng.choice(("Group", "Holdings", "Bank", "Trading"))}"'
        if term.lower() not in seen:
            seen.add(term.lower())
            out.append(term)
    return out


def add_term_latency(matcher: Matcher, *, label: str, n: int = 200) -> dict[str, float]:
    """Median and worst time to add one new term to a built index (delta rebuild included)."""
    times = []
    for term in synthetic_terms(n, seed=len(matcher.terms()) + 17):
        t0 = time.perf_counter()
        matcher.add_term("Zq " + term.strip('"'))
        times.append(time.perf_counter() - t0)
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    print(f"add_term [{label}]: median {median:.2f} ms, worst {worst:.2f} ms over {n} adds")
    return {"add_ms_median": median, "add_ms_max": worst}
