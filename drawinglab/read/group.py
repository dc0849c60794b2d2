"""Turn OCR readings into dimension texts: symbol recovery and grouping of stacked tolerances, fits and limits.

General drafting rules, not per-drawing tweaks:

- a number never starts with ``0`` followed by a digit, so ``06.15`` / ``O6.15`` / ``Q6.15`` / ``$6.15`` is
  ``⌀6.15``, and a tolerance ``±020`` lost its decimal sign (``±0,20``, the separator the text uses elsewhere);
- ``Nx`` directly followed by a number is a quantity of holes (its digit read as ``B``/``E``/``S`` is an
  ``8``/``8``/``5``): ``4x6.60`` is ``4x⌀6.60``; but a length times 45, 30 or 60 (or a decimal length times a
  whole number) is a chamfer whose small degree sign was lost: ``2x45`` is ``2x45°``;
- a dimension never starts with a small letter: an italic ``⌀`` read as ``e``/``a``/``α`` glued to the number
  (``e40.00 f7``, ``α6.6 ±0.2``) is a ``⌀``; so is a ``D`` before a size with a fit class (``D18N7``);
- a trailing ``o``/``O``/``º`` after digits is a degree sign; ``Cl`` alone (or before decimals) is a chamfer
  ``C1`` whose 1 read as an l (``CI``, cast iron, stays);
- a dash before a dimension (or after one) is a piece of its dimension line, not a minus sign: sizes are
  never negative (a lone lower deviation such as ``-0.05`` stays); so is a CJK character glued to a number
  (an arrowhead the recogniser read with its Chinese alphabet: ``下20.0-``), a ``+`` standing apart before a
  size (a centre mark: ``+ 30,0``) and a lone capital after a radius or diameter (``R1 D``);
- a deviation's ``0`` read as ``o``/``c`` is a zero (``-c,10`` is ``-0,10``), and so is a ``C`` among the digits
  of a decimal number (``9C.00``, ``R5.0C``, ``⌀9.C H8``: a ``C`` never follows a number's digits in
  dimension text) or ending a lone whole number (``1C``); a trailing separator (``10.``) is dropped, and so is
  a speck read beside a decimal sign (``62.'0``);
- a dash between a number and a fit class (``⌀38-m6``) or a ``±`` is a piece of the dimension line: a fit is
  never negative, a ``±`` needs no sign;
- a ``⌀`` only starts a size: one among a number's decimals is a 0 (``⌀26.⌀ js6``, ``⌀56.0⌀±0.30``);
- ISO 286 has no fundamental deviation ``i``: ``is6`` / ``IS7`` are ``js6`` / ``JS7``; nor a grade past 18:
  ``j56`` is ``js6``;
- one dimension uses one decimal separator: ``90,00 89.95`` is ``90,00 89,95``;
- ``25+0.1`` with a single unsigned-pair deviation is ``25±0.1`` (a lone ``+`` between two numbers); a ``±``
  tolerance starting with a 9 that is a twentieth of the size or more is a 0 read as a 9 (``⌀52,00±9,02``);
- deviations (``+0.03``, ``-0.10``, ``0``) or fit classes (``H7``, ``k6``) written small beside a nominal, in
  the same direction, belong to it, upper line first; a ``0`` read into the nominal under the start of an
  upper deviation is the lower one (``⌀40.000`` or ``⌀40.00 00`` + ``+0.10`` is ``⌀40.00 +0.10 0``); two
  equal-height numbers stacked at the same left edge overlapping along the line, whose values are within 5 %,
  are limits (a ⌀ before either line belongs to both).
"""
from __future__ import annotations

import re

import numpy as np

from ..dimensions import try_parse
from .ocr import DIAMETER_GLYPHS, TextBox

_DEVIATION = re.compile(r"^[+\-±]?\s?\d*[.,]?\d+$")
_FIT = re.compile(r"^[A-Za-z]{1,2}\d{1,2}$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_LIMIT = re.compile(r"^⌀?\s?(\d+)([.,])(\d+)$")  # one row of stacked limits: integer part, sign, decimals
# a quantity or ⌀ and one row of limits in one box (:func:`_limits_behind_a_prefix`)
_PREFIXED_ROW = re.compile(r"^(\d+\s*[xX×]\s*⌀?|⌀)\s?(\d+[.,]\d+)$")


_LEADING_SYMBOL = re.compile(r"^([(\[]?\d+\s*[xX×]\s*|[(\[])?[0OQ@$¢](?=\d)")
# a C among a decimal number's digits: "9C.00", "R5.0C", "9.C"
_C_IN_NUMBER = re.compile(r"(?<![A-QS-Za-z])\d+[Cc]?[.,](?:\d*[Cc]\d*)(?![A-Za-z\d])"
                          r"|(?<![A-QS-Za-z])\d+[Cc][.,]\d+(?![A-Za-z])"
                          r"|^[⌀R]?\d{1,3}[Cc]$")  # "1C": a whole number's last 0, open in an italic font
# a ± tolerance under 1 that lost its decimal sign: "±020" (a stacked row's "+003" is too often a misreading)
_UNSEPARATED_DEVIATION = re.compile(r"(?<=±)(\s?)0(\d{1,3})(?![\d.,])")
_QTY_THEN_NUMBER = re.compile(r"^(\d+\s*[xX×])\s*(?=\d)")


def recover_symbols(text: str) -> str:
    """Repair common OCR confusions in drawing text (see module doc)."""
    t = re.sub(f"[{DIAMETER_GLYPHS}]", "⌀", text.strip())
    # a ⌀ read as a comparison sign: no dimension starts with one, and a note writes it apart from its number
    t = re.sub(r"(?:^|(?<=\d[xX×])|(?<=\d[xX×]\s)|(?<=\d\s[xX×]\s))[≥≤](?=\d)", "⌀", t)
    t = re.sub(r"[−‐‑‒]", "-", t)  # minus signs and hyphens the recogniser returns: one dash
    t = _strip_dimension_line(t)
    # an arrowhead read as a CJK character (the recogniser's alphabet has them) glued to a number
    bare = re.sub(r"^[\u3000-\u9fff]+(?=[⌀\d])|(?<=\d)[\u3000-\u9fff]+$", "", t)
    if bare != t and try_parse(bare) is not None:
        t = _strip_dimension_line(bare)
    # an arrowhead with its line's end read as a plus or an equals sign after a size (no sign ends a size), the
    # line before it as a dash (``15-+``), or the sign of a deviation beside it the box took in (``13.00 +`` by
    # ``+0.10``)
    bare = re.sub(r"(?<=\d)\s?(?:[-–—_~]+\s?)?[+=]$", "", t)
    if bare != t and try_parse(bare) is not None and try_parse(t) is None:
        t = bare
    # a cross (a centre mark, two lines meeting) standing apart before a size, or a stray capital after a
    # radius or diameter (an arrowhead): not part of the dimension
    bare = re.sub(r"^\+\s+(?=\d)", "", t)
    bare = re.sub(r"^([⌀R]\d+(?:[.,]\d+)?)\s+[A-Z]$", r"\1", bare)
    if bare != t and (dim := try_parse(bare)) is not None and dim.nominal is not None and dim.nominal >= 1:
        t = bare
    t = re.sub(r"(?<=[+\-±])\s?[oOcC](?=[.,]\d)", "0", t)  # "-c,10": a deviation's 0 read as a letter
    t = re.sub(r"^4\s?-(?=0[.,]\d+$)", "+", t)  # "4-0.20" alone: a stack's upper row, its + broken in two
    t = re.sub(r"(?<=[⌀\d])\$(?=\d)", "5", t)  # a 5 with a line through it, inside a number
    t = re.sub(r"(?<=\d)[.,]$", "", t)  # a separator with nothing after it is a speck, not a decimal
    # a comma with a line's speck over it (a centre line along the text): no number holds a semicolon
    t = re.sub(r"(?<=\d);(?=\d{1,3}(?:\D|$))", ",", t) if try_parse(t) is None else t
    t = re.sub(r"(?<=\d[.,])['`´\"]+(?=\d)|(?<=\d)['`´\"]+(?=[.,]\d)", "", t)  # "62.'0": a speck by the point
    t = _C_IN_NUMBER.sub(lambda m: re.sub("[Cc]", "0", m.group(0)), t)
    t = re.sub(r"(?<=\d[.,]\d)D(?![A-Za-z\d])|(?<=\d[.,])D(?=\d)", "0", t)  # "36.0D": a 0 read as a D
    separator = re.search(r"\d([.,])\d", t)
    t = _UNSEPARATED_DEVIATION.sub(lambda m: f"{m[1]}0{separator[1] if separator else '.'}{m[2]}", t)
    t = re.sub(r"(?<=\d)\s*[-–—_~]\s*(?=[A-Za-z]{1,2}\d{1,2}$)", " ", t)  # "⌀38-m6": a line stub, not a sign
    t = re.sub(r"(?<=\d)\s*[-–—_~]\s*(?=±)", "", t)  # "⌀58,00-±0,02": a line stub before a ± sign
    t = re.sub(r"(?<=\d[.,])⌀|(?<=\d[.,]\d)⌀|(?<=\d[.,]\d\d)⌀", "0", t)  # "⌀26.⌀": a ⌀ only starts a size
    t = re.sub(r"⌀\s?0(?=\d)", "⌀", t)  # "⌀03.4": the ⌀ read twice, as itself and as a 0 (no size starts 03)
    t = re.sub(r"⌀\s?[.,](?=\d+[.,]\d)", "⌀", t)  # "⌀.12,00": a speck; the number has its decimal sign
    # ISO 286 has no fundamental deviation "i": a "js"/"JS" fit class whose j was read as an i or an l
    t = re.sub(r"(?<=[\d\s])[il]s(?=\d{1,2}$)", "js", t)
    t = re.sub(r"(?<=[\d\s])[Il]S(?=\d{1,2}(?:\s|$))", "JS", t)
    # its s read as a 5: no tolerance grade runs past 18, so "j56" after a size is "js6"
    t = re.sub(r"(?<=\d)(\s?)j5(?=[1-9]$)", r"\1js", t)
    t = re.sub(r"(?<=\d)(\s?)J5(?=[1-9]$)", r"\1JS", t)
    # a count's digit read as a letter: "Ex 04.5" is "8x ⌀4.5"
    t = re.sub(r"^([BES])(?=\s*[xX×]\s*[⌀0OQ@$¢]?\d)", lambda m: {"B": "8", "E": "8", "S": "5"}[m[1]], t)
    # a speck between a count's digits and its x ("6.X 06,6"): no count has decimals
    t = re.sub(r"^(\d{1,2})[.,'`](?=\s?[xX×]\s*[⌀0OQ@$¢]?\d)", r"\1", t)
    t = _LEADING_SYMBOL.sub(lambda m: (m.group(1) or "") + "⌀", t)
    if re.match(r"[αae]\d", t) and try_parse("⌀" + t[1:]) is not None:  # an italic ⌀ read as a letter
        t = "⌀" + t[1:]
    # a ⌀ read as a D before a fitted size: only a diameter (or a width, never written after a letter) takes a fit
    if re.match(r"D\d", t) and try_parse(t) is None:
        fitted = try_parse("⌀" + t[1:])
        if fitted is not None and fitted.fit:
            t = "⌀" + t[1:]
    chamfer = re.fullmatch(r"(\d+[.,]\d+|\d+)\s*[xX×]\s*(\d{1,2})", t)
    if chamfer and (chamfer.group(2) in ("45", "30", "60") or not chamfer.group(1).isdigit()):
        t = f"{chamfer.group(1)}x{chamfer.group(2)}°"
    elif "°" not in t and not re.search(r"[oOº*]$", t):
        t = _QTY_THEN_NUMBER.sub(r"\1⌀", t)
    t = re.sub(r"(?<=\d)[oOº*]$", "°", t)
    t = re.sub(r"^([Cc])[l|](?=$|[.,]\d+$)", r"\g<1>1", t)  # "Cl": a chamfer's 1 in a font with a hooked 1
    # a blank read after a decimal sign in a toleranced size (a line crossing it: "±0, 10"), or a ± whose upright
    # a line along it hid read as an equals sign ("8,00 =0,20"): no dimension holds either
    bare = re.sub(r"(?<=\d[.,])\s+(?=\d)", "", t) if re.search(r"[+±]", t) else t
    bare = re.sub(r"^([⌀R]?\s?\d+(?:[.,]\d+)?)\s?=\s?(?=\d*[.,]\d+$)", r"\1±", bare)
    if bare != t and try_parse(t) is None and try_parse(bare) is not None:
        t = bare
    # a 0 read as a round letter inside a number ("⌀4Ch6", "⌀70.D js6", "5Q.00"), where only that parses
    bare = re.sub(r"(?<=\d)[CDOQo](?=\d*[.,]?\d*\s?[A-Za-z]{1,2}\d{1,2}$)|(?<=\d[.,])[CDOQo]|(?<=\d)[CDOQo](?=[.,]\d)"
                  r"|(?<=[±+\-])[CDOQo](?=[.,]\d)", "0", t)
    if bare != t and try_parse(t) is None and try_parse(bare) is not None:
        t = bare
    # a fit's shaft class read as a digit after the hole's ("H7/86": hatching over a g); no class is a digit
    bare = re.sub(r"(?<=[A-Z]\d/)[89](?=\d{1,2}$)", "g", re.sub(r"(?<=[A-Z]\d/)5(?=\d{1,2}$)", "s", t))
    if bare != t and try_parse(t) is None and try_parse(bare) is not None:
        t = bare
    t = unify_decimal_separator(t)
    # "25+0.1": the ± lost its bar; with a space before the sign it is an upper deviation whose lower one
    # was not read ("16.00 +0.02" of a stacked "+0.02 / 0"), and stays as it is
    m = re.fullmatch(r"(⌀?\s*\d+(?:[.,]\d+)?)\+\s*(\d*[.,]\d+)", t)
    if m:
        t = f"{m.group(1)}±{m.group(2)}"
    return _nine_read_for_zero(t)


def _nine_read_for_zero(text: str) -> str:
    """A tolerance of 9 mm and more on a size up to 180 mm (a twentieth of it or more) read where a 0 stands:
    a ``±`` one (``⌀52,00±9,02``), or an upper deviation over a lower one under 1 mm (``⌀140,00 +9,20 -0,03``).
    No ISO 2768-1 class reaches ±9 mm (its coarsest allows ±2.5 mm up to 400 mm), nor ISO 286's IT16 a
    9 mm spread up to 180 mm.

    >>> _nine_read_for_zero("⌀52,00±9,02"), _nine_read_for_zero("⌀140,00 +9,20 -0,03")
    ('⌀52,00±0,02', '⌀140,00 +0,20 -0,03')
    >>> _nine_read_for_zero("500±9,5"), _nine_read_for_zero("40 +9,20 -1,50")
    ('500±9,5', '40 +9,20 -1,50')
    """
    m = re.fullmatch(r"((?:\d+\s*[xX×]\s*)?[⌀R]?\s?(\d+(?:[.,]\d+)?)\s?(?:±\s?|\s\+))9([.,]\d+)"
                     r"(\s-0[.,]\d+)?", text)
    if m is None or (m[1].endswith("+") and m[4] is None):
        return text
    if 0 < float(m[2].replace(",", ".")) <= 180:
        return f"{m[1]}0{m[3]}{m[4] or ''}"
    return text


_DASHES = "-–—_~"


def _strip_dimension_line(text: str) -> str:
    stripped = text.rstrip(_DASHES).rstrip() if re.search(r"[\dA-Za-z]\s*[-–—_~]+$", text) else text
    rest = stripped.lstrip(_DASHES + " ")  # a dashed centre line leaves dashes with gaps between
    # the rest starts a dimension: a number, a ⌀ (also italic, read as a small letter), a radius or a thread
    if rest != stripped and re.match(r"\(?[⌀\d]|[MR]\d|[αae]\d", rest) and not re.fullmatch(r"0(?:[.,]\d+)?", rest):
        stripped = rest
    return stripped if re.search(r"\d", stripped) else text


def iso_spacing(text: str) -> str:
    """Dimension text spaced as ISO 129-1 writes it, whatever gap the recogniser saw: a ``±`` tolerance and
    a single fit class close up to the nominal (``R1.00 ±0.10`` → ``R1.00±0.10``, ``⌀38 H12`` → ``⌀38H12``);
    stacked deviations, limits and fit pairs stay one space apart.

    >>> iso_spacing("⌀38 H12"), iso_spacing("3 ±0.02"), iso_spacing("⌀24 H7 g6"), iso_spacing("15,00 +0,10 -0,02")
    ('⌀38H12', '3±0.02', '⌀24 H7 g6', '15,00 +0,10 -0,02')
    """
    t = re.sub(r"(?<=\d)\s+(?=±)", "", text.strip())
    return re.sub(r"(?<=\d)\s+(?=[A-Za-z]{1,2}\d{1,2}$)", "", t) if len(re.findall(r"[A-Za-z]{1,2}\d", t)) == 1 else t


def unify_decimal_separator(text: str) -> str:
    """One dimension never mixes decimal comma and point: the first one drawn holds."""
    separators = re.findall(r"\d([.,])\d", text)
    if len(set(separators)) > 1:
        return re.sub(r"(?<=\d)[.,](?=\d)", separators[0], text)
    return text


def is_deviation(text: str) -> bool:
    return bool(_DEVIATION.match(text.replace(" ", ""))) and (text.strip()[0] in "+-±" or
                                                             re.fullmatch(r"0(?:[.,]0+)?", text.strip()) is not None)


def is_fit_class(text: str) -> bool:
    """Whether a reading is an ISO 286 fit class on its own (``H7``, ``g6``, ``js6``)."""
    return bool(_FIT.match(text.strip()))


def _join_parts(before: list[str], main: str, after: list[str]) -> str:
    """Stacked parts one space apart; a lone ``±`` deviation or fit class closes up to its nominal, as ISO 129
    writes them (``⌀38H12``, ``3±0.02``). A ``±`` over a second row beside the nominal is a ``+``.

    >>> _join_parts([], "16.00", ["±0.05", "0"]), _join_parts(["±0.1"], "25", ["-0.2"])
    ('16.00 +0.05 0', '±0.1 25 -0.2')
    """
    if not before and len(after) == 1 and (after[0].strip().startswith("±") or is_fit_class(after[0])):
        return _nine_read_for_zero(main.rstrip() + after[0].strip())
    # a nominal read with its lower deviation, the upper one apart (above the line's end, or beside it): the
    # upper row as written, over the lower
    lower = re.fullmatch(r"(.*\d)\s+(-\s?\d*[.,]?\d+)", main.strip())
    parts = before + after
    if not before and len(after) == 2 and after[0].strip().startswith("±"):
        # a ± is never stacked: the upper row's + read with the top of the row under it as its bar
        after = ["+" + after[0].strip()[1:], after[1]]
    if lower and len(parts) == 1 and parts[0].strip().startswith("+"):
        return _nine_read_for_zero(f"{lower[1]} {parts[0].strip()} {lower[2]}")
    return _nine_read_for_zero(" ".join(before + [main] + after))


def _limit_rows(first: str, second: str) -> tuple[str, str] | None:
    """Two texts as the rows of stacked limits: both numbers with a decimal sign, or one of them its digits
    alone, as many as the other's (a scan lost its faint decimal point): the sign put back where the other row
    has it, limits being written to the same decimals. None when they are not two such numbers.

    >>> _limit_rows("60.05", "5990"), _limit_rows("⌀ 44,00", "43,98"), _limit_rows("60.05", "599")
    (('60.05', '59.90'), ('⌀ 44,00', '43,98'), None)
    """
    first, second = first.strip(), second.strip()
    if _LIMIT.match(first) and _LIMIT.match(second):
        return first, second
    for with_sign, bare, sign_first in ((first, second, True), (second, first, False)):
        row = _LIMIT.match(with_sign)
        if row and re.fullmatch(r"[0-9]+", bare) and len(bare) == len(row[1]) + len(row[3]):
            decimals = len(row[3])
            mended = f"{bare[:-decimals]}{row[2]}{bare[-decimals:]}"
            return (with_sign, mended) if sign_first else (mended, with_sign)
    return None


def _stacked_limits(text: str) -> bool:
    """Whether ``text`` parses as limits whose upper exceeds the lower by at most 5 % (stacked limits do; chained
    dimensions one above the other do not)."""
    dim = try_parse(text)
    return (dim is not None and dim.form == "limits" and dim.upper is not None and dim.lower is not None
            and dim.upper > dim.lower and dim.tolerance <= 0.05 * dim.upper)


def _limits_behind_a_prefix(tall: TextBox, row: TextBox) -> str | None:
    """Stacked limits after a quantity or ⌀ drawn at the stack's middle height, which the detector boxed with
    one of the rows (``8x⌀`` and ``4,40`` in one box, ``4,55`` above the number's part of it): the dimension's
    text, or None. The box with the prefix is about two rows tall; the other row stands in its upper or lower
    half, over the part after the prefix."""
    m = _PREFIXED_ROW.match(tall.text.strip())
    if m is None or not _LIMIT.match(row.text.strip()) or "⌀" in row.text:
        return None
    if _angle_diff(tall.rotation, row.rotation) > 15 or not 1.5 <= tall.height / max(row.height, 1.0) <= 2.6:
        return None
    local = tall.local(row.quad)
    (x0, y0), (x1, y1) = local.min(axis=0), local.max(axis=0)
    if x0 < 0.25 * tall.width or x1 > tall.width + 0.3 * row.height:
        return None
    middle = (y0 + y1) / 2
    if -0.3 * row.height <= middle < 0.5 * tall.height:
        upper, lower = row.text.strip(), m.group(2)
    elif 0.5 * tall.height <= middle <= tall.height + 0.3 * row.height:
        upper, lower = m.group(2), row.text.strip()
    else:
        return None
    text = f"{m.group(1).strip()}{upper} {lower}"
    return text if _stacked_limits(text) else None


def _angle_diff(a: float, b: float) -> float:
    d = abs(a - b) % 360.0
    return min(d, 360.0 - d)


def _union_quad(main: TextBox, parts: list[TextBox]) -> np.ndarray:
    """The rectangle in ``main``'s reading frame that encloses all parts, as a quad in page pixels."""
    origin, u, v = main.frame()
    pts = np.vstack([main.quad] + [p.quad for p in parts])
    local = main.local(pts)
    x0, y0 = local.min(axis=0)
    x1, y1 = local.max(axis=0)
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    return np.array([origin + x * u + y * v for x, y in corners])


def _glued_lower_zero(main: TextBox, upper: TextBox) -> str | None:
    """The nominal of ``main`` when its last ``0`` (``⌀40.000``, or ``25,0 00`` with the zero read twice) is
    the lower deviation of a stacked ``+0.10 / 0`` that the recogniser read into the nominal's box: the upper
    deviation starts above that character. The zero may come with a degree sign, glued or standing apart
    (``165,000°``, ``⌀18,00 0°``: a small zero at the foot of the lettering reads as one, and an angle has no
    stacked deviation over its last digit). None otherwise."""
    text = main.text.strip()
    m = re.fullmatch(r"((?:\d+\s*[xX×]\s*)?[⌀R]?\s?\d+[.,]\d+)0°?"
                     r"|((?:\d+\s*[xX×]\s*)?[⌀R]?\s?\d+(?:[.,]\d+)?)\s+00?°?", text)
    if not (upper.text.strip()[:1] in "+±" and m):  # a "±" is never stacked: a "+" over the zero's top
        return None
    char = main.width / max(len(text), 1)
    start = float(main.local(upper.quad)[:, 0].min())
    return (m.group(1) or m.group(2)) if start < main.width - 0.8 * char else None


def _beside(main: TextBox, part: TextBox) -> bool:
    """Whether ``part`` stands beside the end of ``main``'s line, where its stacked rows or fit class stand."""
    if _angle_diff(part.rotation, main.rotation) > 15:
        return False
    h = max(main.height, 1.0)
    x, y = main.local(part.quad.mean(axis=0)[None, :])[0]
    return main.width - 0.6 * h <= x <= main.width + 2.6 * h and -1.0 * h <= y <= 1.8 * h


def group_stacks(boxes: list[TextBox]) -> list[TextBox]:
    """Attach stacked deviations/fit classes to their nominal and merge stacked limits (see module doc)."""
    used: set[int] = set()
    out: list[TextBox] = []
    small = [i for i, b in enumerate(boxes) if is_deviation(b.text) or is_fit_class(b.text)]
    mains = [i for i, b in enumerate(boxes) if i not in small and re.search(r"\d", b.text)]
    # a part beside one nominal's end is that nominal's, not a deviation over the end of the line under it
    beside_some = {j for j in small for i in mains if _beside(boxes[i], boxes[j])}
    for i in sorted(mains, key=lambda k: -boxes[k].height):
        if i in used:
            continue
        main = boxes[i]
        h = max(main.height, 1.0)
        right = main.width
        # numbers on the main's line after its end: a stack past one of them is that number's
        after_end = [main.local(boxes[k].quad) for k in mains if k != i and k not in used and small
                     and _angle_diff(boxes[k].rotation, main.rotation) <= 15 and 0.6 <= boxes[k].height / h <= 1.5]
        after_end = [q[:, 0].max() for q in after_end if q[:, 0].min() >= right - 0.3 * h
                     and -0.5 * h <= q[:, 1].mean() <= 1.5 * h]
        candidates = []
        for j in small:
            if j in used or _angle_diff(boxes[j].rotation, main.rotation) > 15:
                continue
            centre = boxes[j].quad.mean(axis=0)
            x, y = main.local(centre[None, :])[0]
            if any(end <= x for end in after_end):
                continue
            beside = _beside(main, boxes[j])
            above_end = 0.4 * right <= x <= right + 1.5 * h and -1.4 * h <= y <= 0.15 * h and j not in beside_some
            if beside or above_end:
                candidates.append((y, j, beside))
        candidates.sort()
        # the two highest; failing that, the two beside the end (a deviation of the dimension above is no row);
        # two rows both above the nominal's top are another dimension's stack where two more stand beside it
        choices = [candidates[:2]] + ([[c for c in candidates if c[2]][:2]] if len(candidates) > 2 else [])
        level = [c for c in candidates if c[2] and c[0] >= -0.5 * h]
        if len(level) >= 2 and all(y < 0 for y, _, _ in choices[0]):
            choices = [level[:2]]
        for choice in choices:
            picked = [j for _, j, _ in choice]
            if not picked:
                continue
            parts = [boxes[j] for j in picked]
            if len(parts) == 1 and is_fit_class(parts[0].text) and main.local(parts[0].quad)[:, 1].min() >= 0.8 * h:
                continue  # a fit class stands on its nominal's line or in a stack of two, never alone under it (``C2``)
            # visual line order, as drawing labels are written: a part above the main line comes first
            before = [boxes[j].text for y, j, _ in choice if y < 0]
            after = [boxes[j].text for y, j, _ in choice if y >= 0]
            merged_text = _join_parts(before, main.text, after)
            nominal = _glued_lower_zero(main, parts[0]) if len(parts) == 1 else None
            if nominal:
                merged_text = f"{nominal} +{parts[0].text.strip()[1:].strip()} 0"
            if try_parse(recover_symbols(merged_text)) is not None:
                used.update(picked)
                used.add(i)
                out.append(TextBox(merged_text, _union_quad(main, parts), min([main.score] + [p.score for p in parts]),
                                   main.source, True, [main] + parts))
                break
        if i in used:
            continue
        # limits: another number of similar height just above or below, the two overlapping along the line
        for j in mains:
            if j == i or j in used or _angle_diff(boxes[j].rotation, main.rotation) > 15:
                continue
            other = boxes[j]
            behind = _limits_behind_a_prefix(main, other)
            if behind is not None:
                used.update((i, j))
                out.append(TextBox(behind, _union_quad(main, [other]), min(main.score, other.score), main.source,
                                   True, [main, other]))
                break
            rows = _limit_rows(main.text, other.text)
            if rows is None:
                continue
            (ax0, ay0), (ax1, ay1) = main.local(main.quad).min(axis=0), main.local(main.quad).max(axis=0)
            (bx0, by0), (bx1, by1) = main.local(other.quad).min(axis=0), main.local(other.quad).max(axis=0)
            shared = min(ax1, bx1) - max(ax0, bx0)
            rise = (by0 + by1 - ay0 - ay1) / 2
            if not (shared > 0.5 * min(ax1 - ax0, bx1 - bx0) and 0.6 * h < abs(rise) < 1.9 * h
                    and 0.6 < other.height / h < 1.5):
                continue
            upper, lower = (main, other) if rise > 0 else (other, main)
            upper_text, lower_text = rows if rise > 0 else rows[::-1]
            diameter = "⌀" if "⌀" in main.text + other.text else ""
            merged_text = f"{diameter}{upper_text.lstrip('⌀').strip()} {lower_text.lstrip('⌀').strip()}"
            if _stacked_limits(merged_text):
                used.update((i, j))
                out.append(TextBox(merged_text, _union_quad(upper, [lower]), min(main.score, other.score),
                                   main.source, True, [upper, lower]))
                break
    out.extend(b for k, b in enumerate(boxes) if k not in used)
    return out
