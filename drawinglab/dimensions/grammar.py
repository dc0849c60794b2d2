"""The dimension grammar: one annotation string → a :class:`Dimension` with numbers.

The parser normalises symbol variants (``Ø ø ∅ Φ φ %%c DIA`` → ``⌀``, ``+/-`` → ``±``, unicode minus,
``×`` → ``x``, decimal comma), tokenises, and then reads the tokens by role: quantity prefix, kind marker
(⌀, R, SR, S⌀, M, C, Ra/Rz, ⌴, ⌵), nominal value, tolerance (±, bilateral, unilateral, limits, fit
classes, single ``max``/``min`` limits), and flags (reference, basic). Stacked tolerances are accepted in
the visual line order OCR produces (``+0.03 35.36-0.03``). Anything that is not a dimension raises
:class:`~drawinglab.errors.ParseError`, never another exception.

Example:
    >>> d = parse("⌀25 H7")
    >>> d.kind, d.nominal, d.upper, d.lower
    ('diameter', 25.0, 25.021, 25.0)
    >>> parse("+0.03 35.36-0.03").canonical
    '35.36 +0.03 -0.03'
    >>> parse("4 X M8").pitch
    1.25
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import ParseError, ToleranceError
from . import iso286, iso2768

KINDS = ("linear", "diameter", "radius", "spherical_diameter", "spherical_radius", "angle", "chamfer", "thread",
         "roughness", "counterbore", "countersink")
_PREFIX = {"diameter": "⌀", "radius": "R", "spherical_diameter": "S⌀", "spherical_radius": "SR", "thread": "M",
           "counterbore": "⌴⌀", "countersink": "⌵⌀", "linear": "", "angle": "", "chamfer": "", "roughness": ""}


@dataclass(frozen=True)
class Dimension:
    """One parsed dimension. Lengths in mm (or inch when ``unit == "in"``), angles in degrees,
    roughness in µm. ``upper_dev``/``lower_dev`` are deviations from ``nominal``; ``upper``/``lower``
    the resulting limits (``None`` where the drawing states no tolerance)."""

    text: str
    kind: str
    nominal: float | None
    unit: str = "mm"
    upper_dev: float | None = None
    lower_dev: float | None = None
    fit: str | None = None
    qty: int = 1
    reference: bool = False
    basic: bool = False
    limit: str | None = None  # "max" or "min" for single-limit dimensions
    form: str = "plain"  # plain, symmetric, deviations, limits, fit, single_limit
    tolerance_source: str | None = None  # explicit, fit, general
    general_class: str | None = None
    angle: float | None = None  # chamfer / countersink angle in degrees
    pitch: float | None = None  # thread pitch in mm
    pitch_explicit: bool = False
    thread_class: str | None = None
    roughness_param: str | None = None
    depth: float | None = None
    through: bool = False
    decimal: str = "."
    fit_limits: dict[str, Any] | None = None
    notes: tuple[str, ...] = ()
    nominal_text: str = field(default="", repr=False)
    dev_text: tuple[str, str] | None = field(default=None, repr=False)

    @property
    def upper(self) -> float | None:
        if self.limit == "max":
            return self.nominal
        if self.nominal is None or self.upper_dev is None:
            return None
        return _round(self.nominal + self.upper_dev)

    @property
    def lower(self) -> float | None:
        if self.limit == "min":
            return self.nominal
        if self.nominal is None or self.lower_dev is None:
            return None
        return _round(self.nominal + self.lower_dev)

    @property
    def tolerance(self) -> float | None:
        """Width of the tolerance band (upper − lower), when both limits are known."""
        if self.upper is None or self.lower is None:
            return None
        return _round(self.upper - self.lower)

    @property
    def canonical(self) -> str:
        return _canonical(self)

    def to_record(self) -> dict[str, Any]:
        """The JSON-able record ``drawinglab parse --json`` prints."""
        data = asdict(self)
        for key in ("nominal_text", "dev_text"):
            data.pop(key)
        data["notes"] = list(self.notes)
        return {"ok": True, "text": self.text, "kind": self.kind, "nominal": self.nominal, "upper": self.upper,
                "lower": self.lower, "upper_dev": self.upper_dev, "lower_dev": self.lower_dev, "fit": self.fit,
                "qty": self.qty, "canonical": self.canonical, "error": None} | {
                    k: v for k, v in data.items() if k not in ("text", "kind", "nominal", "upper_dev", "lower_dev",
                                                               "fit", "qty")}


def _round(value: float) -> float:
    return round(value, 9) + 0.0


# --------------------------------------------------------------------------- normalisation

_REPLACEMENTS = [
    (re.compile(r"%%[cC]"), "⌀"), (re.compile(r"%%[dD]"), "°"), (re.compile(r"%%[pP]"), "±"),
    (re.compile(r"[ØøΦφϕ∅⌀]"), "⌀"), (re.compile(r"\+\s*/\s*-|\+\s*-(?=\s*\d)"), "±"),
    (re.compile(r"[−–—‐‑‒]"), "-"), (re.compile(r"[×✕]"), "x"), (re.compile(r"[º˚]"), "°"),
    (re.compile(r"[′’‘`´]"), "'"), (re.compile(r"[″”“]"), '"'), (re.compile(r"\s+"), " "),
]


def normalize_text(text: str) -> str:
    """Unify symbol variants and whitespace; keeps digits and the decimal separator as drawn."""
    out = unicodedata.normalize("NFKC", text.replace("º", "°").replace("˚", "°"))
    for pattern, repl in _REPLACEMENTS:
        out = pattern.sub(repl, out)
    # a quantity glued to a kind marker ("4xM8", "2XR3") reads as "4x M8"
    out = _GLUED_QTY.sub(r"\1x ", out)
    return out.strip()


_GLUED_QTY = re.compile(r"(?<![\d.,])(\d+)\s*[xX]\s*(?=([A-Z]))")


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"""
    (?P<num>(?:[+-]\s?)?(?>\d+(?:[.,]\d+)?|[.,]\d+)(?![.,]\d))  # one decimal sign: ``.12,00`` is no number
  | (?P<pm>±)
  | (?P<dia>⌀)
  | (?P<deg>°) | (?P<amin>') | (?P<asec>")
  | (?P<slash>/)
  | (?P<lpar>\() | (?P<rpar>\))
  | (?P<lbr>\[) | (?P<rbr>\])
  | (?P<cbore>⌴) | (?P<csk>⌵) | (?P<depthsym>↧)
  | (?P<word>[A-Za-zµ]+\.?)
  | (?P<ws>\s+)
  | (?P<other>.)
""", re.VERBOSE)


@dataclass
class _Tok:
    kind: str
    text: str
    start: int
    end: int
    used: bool = False

    @property
    def value(self) -> Decimal:
        return Decimal(self.text.replace(" ", "").replace(",", "."))

    @property
    def signed(self) -> bool:
        return self.text[:1] in "+-"

    @property
    def has_decimal(self) -> bool:
        return "." in self.text or "," in self.text

    @property
    def word(self) -> str:
        return self.text.rstrip(".").lower() if self.kind == "word" else ""


def _tokenize(text: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        toks.append(_Tok(kind, m.group(), m.start(), m.end()))
    return toks


_KEYWORDS_QTY = {"plcs", "pl", "places", "holes", "hole", "pcs", "off"}
_ROUGHNESS = {"ra": "Ra", "rz": "Rz", "rmax": "Rmax", "rt": "Rt", "rq": "Rq", "rp": "Rp", "rv": "Rv"}


@lru_cache(maxsize=1)
def _coarse_pitch() -> dict[float, float]:
    data = json.loads(resources.files(__package__).joinpath("data/iso261.json").read_text(encoding="utf-8"))
    return {float(d): float(p) for d, p in data["coarse_pitch"]}


def coarse_pitch(diameter: float) -> float | None:
    """ISO 261/262 coarse pitch for a metric thread diameter, or None when not in the series."""
    return _coarse_pitch().get(float(diameter))


def _is_fit_letters(word: str) -> bool:
    return word in iso286.SHAFT_LETTERS or word in iso286.HOLE_LETTERS


# --------------------------------------------------------------------------- parser

class _Parser:
    def __init__(self, source: str, general: str | None):
        self.source = source
        self.general = general
        self.text = normalize_text(source)
        self.fields: dict[str, Any] = {"notes": []}

    def fail(self, reason: str) -> ParseError:
        return ParseError(f"{self.source!r} is not a dimension: {reason}")

    def parse(self) -> Dimension:
        text = self.text
        if not text:
            raise self.fail("empty text")
        if not any(ch.isdigit() for ch in text):
            raise self.fail("no number")
        text = self._strip_wrappers(text)
        self.fields["decimal"] = "," if re.search(r"\d,\d", text) else "."
        self.toks = _tokenize(text)
        # sizes are drawn to micrometres (three decimals in mm, four in inches): more is two numbers run together
        if any(t.kind == "num" and len(re.sub(r"^[^.,]*[.,]?", "", t.text)) > 4 for t in self.toks):
            raise self.fail("a number with more than four decimals")
        self._merge_detached_signs()
        self._angles()
        self._unit_words()
        self._quantity()
        self._kind()
        self._keywords()
        self._fits()
        self._numbers()
        leftovers = [t.text for t in self.toks if not t.used]
        if leftovers:
            raise self.fail(f"unexpected {' '.join(leftovers)!r}")
        return self._build()

    # ---- wrappers: (reference), [basic], REF
    def _strip_wrappers(self, text: str) -> str:
        ref = re.fullmatch(r"\((.*)\)", text)
        if ref and "(" not in ref.group(1) and ")" not in ref.group(1):
            self.fields["reference"] = True
            text = ref.group(1).strip()
        basic = re.fullmatch(r"\[(.*)\]", text) or re.fullmatch(r"\|(.*)\|", text)
        if basic:
            self.fields["basic"] = True
            text = basic.group(1).strip()
        m = re.fullmatch(r"(.*?)\s*\bREF\.?", text, flags=re.IGNORECASE)
        if m:
            self.fields["reference"] = True
            text = m.group(1)
        return text

    def _merge_detached_signs(self) -> None:
        """``- 0.1`` written with a space reads as one signed number."""
        merged: list[_Tok] = []
        for tok in self.toks:
            if merged and merged[-1].kind == "other" and merged[-1].text in "+-" and tok.kind == "num" \
                    and not tok.signed:
                sign = merged.pop()
                tok = _Tok("num", sign.text + tok.text, sign.start, tok.end)
            merged.append(tok)
        self.toks = merged

    # ---- angles: 30°15'10" → one token of kind "ang" in degrees
    def _angles(self) -> None:
        has_degree = any(t.kind == "deg" for t in self.toks)
        out: list[_Tok] = []
        i = 0
        toks = self.toks
        while i < len(toks):
            t = toks[i]
            if t.kind == "num" and i + 1 < len(toks) and toks[i + 1].kind in ("deg", "amin", "asec") \
                    and (has_degree or toks[i + 1].kind != "asec"):
                total = Decimal(0)
                parts = []
                j = i
                for unit, scale in (("deg", 1), ("amin", 60), ("asec", 3600)):
                    if j + 1 < len(toks) and toks[j].kind == "num" and toks[j + 1].kind == unit:
                        value = toks[j].value
                        if parts and toks[j].signed:
                            break
                        total += abs(value) / scale
                        parts.append(toks[j].text.strip() + toks[j + 1].text)
                        j += 2
                sign = -1 if toks[i].text.strip().startswith("-") else 1
                ang = _Tok("ang", "".join(parts), t.start, toks[j - 1].end)
                ang.angle_value = float(total) * sign  # type: ignore[attr-defined]
                ang.explicit_sign = toks[i].signed  # type: ignore[attr-defined]
                out.append(ang)
                i = j
                continue
            out.append(t)
            i += 1
        self.toks = out

    def _unit_words(self) -> None:
        for t in self.toks:
            if t.word == "mm":
                t.used = True
            elif t.word in ("in", "inch", "inches"):
                t.used = True
                self.fields["unit"] = "in"
        if self.toks and self.toks[-1].kind == "asec" and not any(t.kind == "ang" for t in self.toks):
            self.toks[-1].used = True
            self.fields["unit"] = "in"

    # ---- quantity: 4x, 4 X, 2×, (4x) / 4 PLCS suffix
    def _quantity(self) -> None:
        toks = self.toks
        for i, t in enumerate(toks[:-1]):
            nxt = toks[i + 1]
            glued_to_word = i > 0 and toks[i - 1].kind in ("word", "dia") and toks[i - 1].end == t.start
            if t.kind == "num" and not t.signed and not t.has_decimal and nxt.word == "x" and i + 2 < len(toks) \
                    and not glued_to_word:
                after = toks[i + 2]
                if after.kind == "ang":
                    continue  # 2x45° is a chamfer
                if after.kind in ("dia", "num", "cbore", "csk") or after.word in ("m", "r", "sr", "s", "c"):
                    self._set_qty(t)
                    nxt.used = True
                    return
        for i, t in enumerate(toks):
            if t.kind == "num" and not t.signed and not t.has_decimal and i + 1 < len(toks):
                nxt = toks[i + 1]
                if nxt.word in _KEYWORDS_QTY:
                    self._set_qty(t)
                    nxt.used = True
                    return
                if nxt.word == "x" and (i + 2 == len(toks) or toks[i + 2].kind == "rpar"):
                    self._set_qty(t)
                    nxt.used = True
                    if i > 0 and toks[i - 1].kind == "lpar" and i + 2 < len(toks):
                        toks[i - 1].used = toks[i + 2].used = True
                    return

    def _set_qty(self, tok: _Tok) -> None:
        qty = int(tok.value)
        if qty < 1:
            raise self.fail("quantity must be at least 1")
        self.fields["qty"] = qty
        tok.used = True

    # ---- kind markers
    def _kind(self) -> None:
        toks = [t for t in self.toks if not t.used]
        kind = None
        for i, t in enumerate(toks):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            adjacent_num = nxt is not None and nxt.kind == "num" and not nxt.signed
            # a prefix marker comes before the nominal (stacked deviations may precede it)
            prefix = adjacent_num and not any(p.kind in ("num", "ang") and not p.signed for p in toks[:i])
            if t.kind == "cbore" or t.word in ("cbore", "c'bore", "spotface", "sf"):
                kind = self._mark(kind, "counterbore", t)
            elif t.kind == "csk" or t.word in ("csk", "c'sink", "csink"):
                kind = self._mark(kind, "countersink", t)
            elif t.kind == "dia":
                if i > 0 and toks[i - 1].kind == "num" and toks[i - 1].end == t.start and i + 1 < len(toks):
                    raise self.fail("a ⌀ joined to the number before it, within the text")  # ``⌀4⌀ k6``
                if kind in ("counterbore", "countersink"):
                    t.used = True
                elif i > 0 and toks[i - 1].word == "s" and toks[i - 1].end == t.start:
                    toks[i - 1].used = True
                    kind = self._mark(kind, "spherical_diameter", t)
                else:
                    kind = self._mark(kind, "diameter", t)
            elif t.word in ("dia", "diam") and kind in (None, "diameter"):
                kind = self._mark(kind, "diameter", t)
            elif t.word == "sr" and prefix:
                kind = self._mark(kind, "spherical_radius", t)
            elif t.text in ("R", "r") and prefix and (t.text == "R" or t.end == nxt.start):
                kind = self._mark(kind, "radius", t)
            elif t.text == "M" and prefix and kind is None:
                kind = self._mark(kind, "thread", t)
                self._thread_tail(toks, i + 1)
            elif t.text in ("C", "c") and adjacent_num and i == 0 and t.end == nxt.start:
                kind = self._mark(kind, "chamfer", t)
                self.fields["angle"] = 45.0
            elif t.word in _ROUGHNESS and prefix:
                kind = self._mark(kind, "roughness", t)
                self.fields["roughness_param"] = _ROUGHNESS[t.word]
                self.fields["unit"] = "um"
        if kind is None:
            kind = self._chamfer_or_angle(toks)
        self.fields["kind"] = kind

    def _mark(self, current: str | None, kind: str, tok: _Tok) -> str:
        tok.used = True
        if current is None or current == kind:
            return kind
        if current in ("counterbore", "countersink") and kind == "diameter":
            return current
        raise self.fail(f"two kinds of feature in one callout ({current}, {kind})")

    def _thread_tail(self, toks: list[_Tok], i: int) -> None:
        """After ``M``: diameter, optional ``x pitch``, optional ``-6H`` / ``-6g`` / ``-6H/5g`` class."""
        self.fields["thread_diameter_tok"] = toks[i]
        j = i + 1
        if j + 1 < len(toks) and toks[j].word == "x" and toks[j + 1].kind == "num" and not toks[j + 1].signed:
            toks[j].used = toks[j + 1].used = True
            self.fields["pitch"] = float(toks[j + 1].value)
            self.fields["pitch_explicit"] = True
            j += 2
        if j + 1 < len(toks) and toks[j].kind == "num" and toks[j].text.startswith("-") \
                and not toks[j].has_decimal and toks[j + 1].kind == "word" and toks[j].end == toks[j + 1].start:
            cls = toks[j].text[1:].strip() + toks[j + 1].text
            if not re.fullmatch(r"\d[a-hA-H]{1,2}", cls):
                raise self.fail(f"bad thread tolerance class {cls!r}")
            toks[j].used = toks[j + 1].used = True
            j += 2
            if j + 2 < len(toks) and toks[j].kind == "slash" and toks[j + 1].kind == "num" \
                    and toks[j + 2].kind == "word":
                cls += "/" + toks[j + 1].text + toks[j + 2].text
                toks[j].used = toks[j + 1].used = toks[j + 2].used = True
            self.fields["thread_class"] = cls

    def _chamfer_or_angle(self, toks: list[_Tok]) -> str:
        angles = [t for t in toks if t.kind == "ang"]
        for i, t in enumerate(toks):
            # 2x45°  /  45°x2
            if t.kind == "num" and not t.signed and i + 2 < len(toks) and toks[i + 1].word == "x" \
                    and toks[i + 2].kind == "ang":
                t.used = toks[i + 1].used = toks[i + 2].used = True
                self.fields["chamfer_leg"] = t
                self.fields["angle"] = toks[i + 2].angle_value  # type: ignore[attr-defined]
                return "chamfer"
            if t.kind == "ang" and i + 2 < len(toks) and toks[i + 1].word == "x" and toks[i + 2].kind == "num" \
                    and not toks[i + 2].signed:
                t.used = toks[i + 1].used = toks[i + 2].used = True
                self.fields["chamfer_leg"] = toks[i + 2]
                self.fields["angle"] = t.angle_value  # type: ignore[attr-defined]
                return "chamfer"
        return "angle" if angles else "linear"

    # ---- words: max/min, THRU, depth
    def _keywords(self) -> None:
        toks = self.toks
        for i, t in enumerate(toks):
            if t.used:
                continue
            if t.word in ("max", "min"):
                t.used = True
                self.fields["limit"] = t.word
            elif t.word in ("thru", "through"):
                t.used = True
                self.fields["through"] = True
            elif t.kind == "depthsym" or t.word in ("deep", "depth", "dp"):
                t.used = True
                # the depth value follows (↧6.5, DEPTH 6.5, DEEP 6.5) or precedes DEEP (6.5 DEEP, x 6.5 DEEP)
                if i + 1 < len(toks) and toks[i + 1].kind == "num" and not toks[i + 1].used:
                    value_tok = toks[i + 1]
                elif t.word == "deep" and i > 0 and toks[i - 1].kind == "num" and not toks[i - 1].used:
                    value_tok = toks[i - 1]
                    if i > 1 and toks[i - 2].word == "x":
                        toks[i - 2].used = True
                else:
                    raise self.fail("depth without a value")
                value_tok.used = True
                self.fields["depth"] = float(value_tok.value)
            elif t.kind == "ang" and self.fields.get("kind") == "countersink":
                t.used = True
                self.fields["angle"] = t.angle_value  # type: ignore[attr-defined]
            elif t.word == "x" and self.fields.get("kind") == "countersink":
                t.used = True

    # ---- ISO fit classes: H7, g6, H7/g6, H7 k6, JS9 (after a nominal)
    def _fits(self) -> None:
        toks = self.toks
        found: list[str] = []
        first_num = next((k for k, t in enumerate(toks) if t.kind in ("num", "ang") and not t.used), None)
        for i, t in enumerate(toks):
            if t.used or t.kind != "word" or i + 1 >= len(toks):
                continue
            nxt = toks[i + 1]
            if nxt.kind == "num" and not nxt.signed and not nxt.has_decimal and t.end == nxt.start \
                    and _is_fit_letters(t.text) and first_num is not None and i > first_num:
                designation = t.text + nxt.text
                try:
                    iso286.parse_designation(designation)
                except ToleranceError:
                    raise self.fail(f"{designation!r} is not an ISO 286 tolerance class") from None
                t.used = nxt.used = True
                found.append(designation)
                if i > 0 and toks[i - 1].kind == "slash" and len(found) == 2:
                    toks[i - 1].used = True
        if len(found) > 2:
            raise self.fail("more than two fit classes")
        if len(found) == 2:
            hole, shaft = found
            if not (hole[0].isupper() and shaft[0].islower()):
                raise self.fail(f"fit {hole}/{shaft} must be a hole class over a shaft class")
            self.fields["fit"] = f"{hole}/{shaft}"
        elif found:
            self.fields["fit"] = found[0]
        # parentheses around deviations after a fit: ⌀25 H7 (+0.021 0)
        if found:
            for t in toks:
                if t.kind in ("lpar", "rpar") and not t.used:
                    t.used = True

    # ---- the numbers: nominal and tolerance
    def _numbers(self) -> None:
        f = self.fields
        kind = f["kind"]
        nums = [t for t in self.toks if t.kind in ("num", "ang") and not t.used]
        pm = [t for t in self.toks if t.kind == "pm" and not t.used]
        slash = [t for t in self.toks if t.kind == "slash" and not t.used]
        if kind == "chamfer" and "chamfer_leg" in f:
            nominal = f.pop("chamfer_leg")
            nums.insert(0, nominal)
        elif kind == "thread":
            nominal = f.pop("thread_diameter_tok")
            nominal.used = False
            nums = [nominal] + [t for t in nums if t is not nominal]
        if not nums:
            raise self.fail("no nominal value")
        if len(pm) > 1:
            raise self.fail("more than one ±")
        if pm:
            self._symmetric(nums, pm[0])
            return
        if len(nums) == 1:
            self._set_nominal(nums[0])
            return
        if len(nums) == 2 and (slash or (not any(t.signed for t in nums) and all(t.value != 0 for t in nums))):
            for s in slash:
                s.used = True
            self._limits(nums)
            return
        if len(nums) in (2, 3):
            self._deviations(nums)
            return
        raise self.fail(f"{len(nums)} numbers do not form one dimension")

    def _nominal_candidate(self, nums: list[_Tok]) -> _Tok:
        kind = self.fields["kind"]
        if kind in ("chamfer", "thread"):
            return nums[0]
        unsigned = [t for t in nums if not t.signed and t.value != 0]
        if kind == "angle":
            unsigned = [t for t in unsigned if t.kind == "ang"] or unsigned
        if not unsigned:
            raise self.fail("no unsigned nominal value")
        return max(unsigned, key=lambda t: (abs(_num_value(t)), -nums.index(t)))

    def _set_nominal(self, tok: _Tok) -> None:
        tok.used = True
        value = _num_value(tok)
        if tok.kind == "num" and tok.signed:
            raise self.fail("a signed value is a deviation, not a nominal value")
        if tok.kind == "ang":
            if self.fields["kind"] not in ("angle", "chamfer", "countersink"):
                raise self.fail("an angle where a length was expected")
        elif self.fields["kind"] == "angle":
            raise self.fail("an angle needs a degree sign")
        if not value > 0:
            raise self.fail("nominal value must be positive")
        self.fields["nominal"] = value
        self.fields["nominal_text"] = _clean(tok.text)

    def _symmetric(self, nums: list[_Tok], pm: _Tok) -> None:
        pm.used = True
        before = [t for t in nums if t.end <= pm.start]
        after = [t for t in nums if t.start >= pm.end]
        if len(after) != 1 or len(before) < 1:
            raise self.fail("± needs a value before and one after it")
        nominal_tok = before[-1] if len(before) == 1 else self._nominal_candidate(before)
        if len(before) > 1:
            raise self.fail("too many numbers before ±")
        self._set_nominal(nominal_tok)
        dev_tok = after[0]
        dev_tok.used = True
        dev = abs(self._deviation_value(dev_tok, allow_unsigned=True))
        if dev == 0:
            raise self.fail("±0 is not a tolerance")
        self.fields.update(upper_dev=dev, lower_dev=-dev, form="symmetric", tolerance_source="explicit",
                           dev_text=(_clean(dev_tok.text).lstrip("+-"), ""))

    def _limits(self, nums: list[_Tok]) -> None:
        a, b = sorted(nums, key=_num_value, reverse=True)
        hi, lo = _num_value(a), _num_value(b)
        if a.kind != b.kind:
            raise self.fail("limits mix angles and lengths")
        if hi - lo > 0.1 * hi:
            raise self.fail(f"two values {a.text} and {b.text} are too far apart to be limits")
        if hi == lo:
            raise self.fail(f"two equal values {a.text} and {b.text} are not limits (a sheet number 1/1?)")
        if self.fields.get("fit"):
            raise self.fail("limits and a fit class together")
        a.used = b.used = True
        nominal = _round((hi + lo) / 2)
        half = _round((hi - lo) / 2)
        self.fields.update(nominal=nominal, upper_dev=half, lower_dev=-half, form="limits",
                           tolerance_source="explicit", nominal_text="",
                           dev_text=(_clean(a.text), _clean(b.text)))

    def _deviations(self, nums: list[_Tok]) -> None:
        nominal_tok = self._nominal_candidate(nums)
        self._set_nominal(nominal_tok)
        devs = [t for t in nums if t is not nominal_tok]
        values = []
        for t in devs:
            t.used = True
            values.append(self._deviation_value(t, allow_unsigned=False))
        if len(values) == 1:
            if values[0] == 0:
                raise self.fail("a single zero deviation")
            values.append(0.0)
            self.fields["notes"].append("one deviation stated; the other taken as 0")
        upper, lower = max(values), min(values)
        if upper == lower:
            raise self.fail("upper and lower deviation are equal")
        texts = {_num_value(t): _clean(t.text) for t in devs}
        self.fields.update(upper_dev=upper, lower_dev=lower, form="deviations", tolerance_source="explicit",
                           dev_text=(texts.get(upper, "0"), texts.get(lower, "0")))

    def _deviation_value(self, tok: _Tok, allow_unsigned: bool) -> float:
        value = _num_value(tok)
        if value != 0 and not tok.signed and not allow_unsigned:
            raise self.fail(f"{tok.text!r} is neither the nominal nor a signed deviation")
        # drawn deviations carry decimals (+0.1, -0.05) or are zero; "-11" in "2026-11-24" is not one
        if tok.kind == "num" and value != 0 and not tok.has_decimal and not allow_unsigned:
            raise self.fail(f"{tok.text!r} is not a deviation (no decimal part)")
        nominal = self.fields.get("nominal")
        if nominal is not None and value <= -nominal and self.fields["kind"] != "angle":
            raise self.fail(f"{tok.text!r} would take {nominal:g} to zero or below")
        if tok.kind == "ang" and self.fields["kind"] != "angle":
            raise self.fail("an angular deviation on a length")
        return value

    # ---- assemble
    def _build(self) -> Dimension:
        f = self.fields
        kind = f["kind"]
        nominal = f.get("nominal")
        unit = f.get("unit", "deg" if kind == "angle" else "mm")
        if kind == "thread":
            if f.get("pitch") is None:
                f["pitch"] = coarse_pitch(nominal)
                if f["pitch"] is None:
                    f["notes"].append(f"M{nominal:g} is not in the ISO 261 coarse series; pitch unknown")
            if f.get("form") not in (None, "plain") or f.get("fit"):
                raise self.fail("a thread with a size tolerance")
        if kind == "roughness" and (f.get("form") not in (None, "plain") or f.get("fit")):
            raise self.fail("a roughness value with a tolerance")
        if f.get("limit") and f.get("form") not in (None, "plain"):
            raise self.fail("max/min together with a tolerance")
        if f.get("limit"):
            f["form"] = "single_limit"
            f["tolerance_source"] = "explicit"
        fit = f.get("fit")
        dim = Dimension(
            text=self.source, kind=kind, nominal=nominal, unit=unit, upper_dev=f.get("upper_dev"),
            lower_dev=f.get("lower_dev"), fit=fit, qty=f.get("qty", 1), reference=f.get("reference", False),
            basic=f.get("basic", False), limit=f.get("limit"), form=f.get("form", "plain"),
            tolerance_source=f.get("tolerance_source"), angle=f.get("angle"), pitch=f.get("pitch"),
            pitch_explicit=f.get("pitch_explicit", False), thread_class=f.get("thread_class"),
            roughness_param=f.get("roughness_param"), depth=f.get("depth"), through=f.get("through", False),
            decimal=f.get("decimal", "."), notes=tuple(f["notes"]), nominal_text=f.get("nominal_text", ""),
            dev_text=f.get("dev_text"))
        if fit:
            dim = _apply_fit(dim)
        if self.general and dim.tolerance_source is None:
            dim = apply_general_tolerance(dim, self.general)
        return dim


def _num_value(tok: _Tok) -> float:
    if tok.kind == "ang":
        return float(tok.angle_value)  # type: ignore[attr-defined]
    return float(tok.value)


def _clean(text: str) -> str:
    """A number as the canonical text writes it: no blanks, a decimal point, a zero before a bare one (``.1``)."""
    return re.sub(r"^\.", "0.", text.replace(" ", "").replace(",", "."))


def _apply_fit(dim: Dimension) -> Dimension:
    """Fill limits from ISO 286 for ``H7``-style classes (explicit deviations, when drawn, win)."""
    if dim.kind not in ("linear", "diameter") or dim.unit != "mm":
        raise ParseError(f"{dim.text!r} is not a dimension: a fit class on a {dim.kind}")
    size = dim.nominal
    try:
        if "/" in dim.fit:
            f = iso286.fit(dim.fit, size)
            fit_limits = {"hole": [f.hole_upper / 1000, f.hole_lower / 1000],
                          "shaft": [f.shaft_upper / 1000, f.shaft_lower / 1000],
                          "min_clearance": f.min_clearance / 1000, "max_clearance": f.max_clearance / 1000,
                          "kind": f.kind}
            return replace(dim, fit_limits=fit_limits, form="fit" if dim.form == "plain" else dim.form,
                           tolerance_source=dim.tolerance_source or "fit")
        upper, lower = iso286.limits(dim.fit, size)
    except ToleranceError as exc:
        return replace(dim, form="fit" if dim.form == "plain" else dim.form, notes=dim.notes + (str(exc),))
    if dim.tolerance_source == "explicit":
        if abs(dim.upper_dev - upper / 1000) > 1e-9 or abs(dim.lower_dev - lower / 1000) > 1e-9:
            return replace(dim, notes=dim.notes + (f"drawn deviations differ from ISO 286 {dim.fit}",))
        return dim
    return replace(dim, upper_dev=_round(upper / 1000), lower_dev=_round(lower / 1000), form="fit",
                   tolerance_source="fit")


def apply_general_tolerance(dim: Dimension, general: str, angle_side: float | None = None) -> Dimension:
    """Give an untoleranced dimension the ISO 2768-1 tolerance of class ``general`` (f, m, c, v or
    a stated ``ISO 2768-mK``). Dimensions with their own tolerance, reference and basic dimensions,
    threads and roughness are returned unchanged."""
    cls = iso2768.tolerance_class(general)
    if dim.tolerance_source is not None or dim.reference or dim.basic or dim.nominal is None \
            or dim.kind in ("thread", "roughness") or dim.unit not in ("mm", "deg"):
        return dim
    try:
        if dim.kind == "angle":
            tol = iso2768.angular_tolerance(cls, angle_side)
            note = "ISO 2768-1 angle tolerance for the shortest side class (side length unknown)" \
                if angle_side is None else None
        elif dim.kind in ("radius", "spherical_radius", "chamfer"):
            tol, note = iso2768.radius_tolerance(dim.nominal, cls), None
        else:
            tol, note = iso2768.linear_tolerance(dim.nominal, cls), None
    except ToleranceError as exc:
        return replace(dim, notes=dim.notes + (str(exc),))
    tol = _round(tol)
    return replace(dim, upper_dev=tol, lower_dev=-tol, tolerance_source="general", general_class=cls,
                   notes=dim.notes + ((note,) if note else ()))


# --------------------------------------------------------------------------- canonical text

def _fmt(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _fmt_angle(value: float) -> str:
    return f"{_fmt(value)}°"


def _canonical(d: Dimension) -> str:
    if d.form == "limits":
        body = f"{d.dev_text[0]}/{d.dev_text[1]}" if d.dev_text else f"{_fmt(d.upper)}/{_fmt(d.lower)}"
        if d.kind == "angle":
            body = f"{_fmt_angle(d.upper)}/{_fmt_angle(d.lower)}"
        body = _PREFIX[d.kind] + body
    elif d.kind == "chamfer":
        body = f"{d.nominal_text or _fmt(d.nominal)}x{_fmt_angle(d.angle if d.angle is not None else 45.0)}"
    elif d.kind == "roughness":
        body = f"{d.roughness_param} {d.nominal_text or _fmt(d.nominal)}"
    elif d.kind == "angle":
        body = d.nominal_text or _fmt_angle(d.nominal)
    else:
        body = _PREFIX[d.kind] + (d.nominal_text or _fmt(d.nominal))
        if d.kind == "thread":
            if d.pitch_explicit and d.pitch is not None:
                body += f"x{_fmt(d.pitch)}"
            if d.thread_class:
                body += f"-{d.thread_class}"
    if d.kind == "countersink" and d.angle is not None:
        body += f"x{_fmt_angle(d.angle)}"
    if d.fit:
        body += f" {d.fit}"
    if d.tolerance_source == "explicit" and d.form != "limits":
        unit = "°" if d.kind == "angle" else ""
        up_text, low_text = d.dev_text or ("", "")
        if d.form == "symmetric":
            body += f" ±{up_text.lstrip('+-')}" + (unit if d.kind == "angle" and up_text[-1:].isdigit() else "")
        elif d.form == "deviations":
            body += f" {_signed_text(up_text, d.upper_dev)}{unit if up_text[-1:].isdigit() else ''}" \
                    f" {_signed_text(low_text, d.lower_dev)}{unit if low_text[-1:].isdigit() else ''}"
        elif d.form == "single_limit":
            body += f" {d.limit}"
    if d.depth is not None:
        body += f" ↧{_fmt(d.depth)}"
    if d.through:
        body += " THRU"
    if d.unit == "in":
        body += " in"
    if d.qty > 1:
        body = f"{d.qty}x {body}"
    if d.reference:
        body = f"({body})"
    if d.basic:
        body = f"[{body}]"
    return body


def _signed_text(text: str, value: float) -> str:
    """A deviation as drawn, with its sign made explicit (zero stays unsigned)."""
    digits = text.lstrip("+-")
    if value == 0:
        return digits
    return ("+" if value > 0 else "-") + digits


# --------------------------------------------------------------------------- public API

def parse(text: str, general: str | None = None) -> Dimension:
    """Parse one annotation into a :class:`Dimension`; raise :class:`ParseError` for non-dimensions.

    ``general`` (``"f"``, ``"m"``, ``"c"``, ``"v"`` or a stated ``"ISO 2768-mK"``) gives dimensions without
    their own tolerance the ISO 2768-1 general tolerance; ``tolerance_source`` then says ``"general"``.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected a string, got {type(text).__name__}")
    if general is not None:
        try:
            iso2768.tolerance_class(general)
        except ToleranceError as exc:
            raise ParseError(str(exc)) from None
    try:
        return _Parser(text, general).parse()
    except ParseError:
        raise
    except (ValueError, ArithmeticError, InvalidOperation, IndexError, KeyError, TypeError, ToleranceError,
            OverflowError) as exc:
        raise ParseError(f"{text!r} is not a dimension: {type(exc).__name__}: {exc}") from None


def try_parse(text: str, general: str | None = None) -> Dimension | None:
    """Like :func:`parse` but returns ``None`` for text that is not a dimension."""
    try:
        return parse(text, general)
    except ParseError:
        return None


def parse_to_record(text: str, general: str | None = None) -> dict[str, Any]:
    """One JSON-able record per text, never raising: ``ok`` false with ``error`` for non-dimensions."""
    try:
        return parse(text, general).to_record()
    except ParseError as exc:
        return {"ok": False, "text": text, "kind": None, "nominal": None, "upper": None, "lower": None,
                "upper_dev": None, "lower_dev": None, "fit": None, "qty": None, "canonical": None,
                "error": exc.reason}


def fit_record(text: str) -> dict[str, Any]:
    """Both classes' limits (mm) and the min/max clearance of a fit such as ``⌀25 H7/g6``."""
    dim = parse(text)
    if not dim.fit or "/" not in dim.fit:
        raise ParseError(f"{text!r} names no hole/shaft fit such as ⌀25 H7/g6")
    f = iso286.fit(dim.fit, dim.nominal)
    size = dim.nominal
    return {"text": text, "nominal": size, "fit": dim.fit, "hole": f.hole, "shaft": f.shaft,
            "hole_upper": _round(size + f.hole_upper / 1000), "hole_lower": _round(size + f.hole_lower / 1000),
            "shaft_upper": _round(size + f.shaft_upper / 1000), "shaft_lower": _round(size + f.shaft_lower / 1000),
            "hole_deviations_um": [f.hole_upper, f.hole_lower], "shaft_deviations_um": [f.shaft_upper, f.shaft_lower],
            "min_clearance": _round(f.min_clearance / 1000), "max_clearance": _round(f.max_clearance / 1000),
            "kind": f.kind}
