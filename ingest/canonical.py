"""One spelling per URL and one hash per text, so the same story is stored once."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMS", "canonical_url", "content_hash"]

# Query parameters that say how a reader arrived, not what they read.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "twclid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "cmpid",
        "ocid",
        "s_cid",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "smid",
        "smtyp",
        "share",
        "guccounter",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "amp",
        "outputtype",
        "ftag",
        "src",
        "cid",
        "rss",
        "feed",
    }
)
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "oly_", "vero_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_AMP_DIR = re.compile(r"/amp/?$", re.IGNORECASE)
_AMP_SUFFIX = re.compile(r"\.amp(\.html?)$", re.IGNORECASE)
_AMP_CACHE = re.compile(r"^/c/(s/)?(.+)$")


def canonical_url(url: str) -> str:
    """`url` without what varies between links to the same page.

    Lower-case scheme and host, no fragment, no default port, no tracking parameters
    (utm_*, fbclid, gclid, ref, mc_* ...), sorted query, no trailing slash except the
    root's, AMP variants (/amp, .amp.html, ?amp=1, Google's AMP cache) mapped to the page.
    A URL that is not http(s) comes back stripped of surrounding spaces only.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    path = parts.path or "/"
    if host.endswith(".cdn.ampproject.org"):
        cached = _AMP_CACHE.match(path)
        if cached:
            inner = ("https://" if cached.group(1) else "http://") + cached.group(2)
            if parts.query:
                inner += "?" + parts.query
            return canonical_url(inner)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username:
        userinfo = parts.username + (f":{parts.password}" if parts.password else "")
        host = f"{userinfo}@{host}"
    path = _AMP_SUFFIX.sub(r"\1", _AMP_DIR.sub("", path)) or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode(sorted(_kept_params(parts.query)), doseq=True)
    return urlunsplit((scheme, host, path, query, ""))


def content_hash(text: str) -> str:
    """SHA-256 (hex) of the text with case, Unicode form and whitespace folded away."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def _kept_params(query: str) -> list[tuple[str, str]]:
    kept = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        lowered = key.lower()
        if lowered in TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES):
            continue
        kept.append((key, value))
    return kept
