"""The dimension grammar on a table of real-world strings, non-dimensions, and property tests."""
from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drawinglab.dimensions import parse, parse_to_record, try_parse
from drawinglab.errors import ParseError

N = None
# text, kind, nominal, lower, upper, extra expectations
CASES: list[tuple[str, str, float | None, float | None, float | None, dict]] = [
    # symmetric
    ("25±0.1", "linear", 25, 24.9, 25.1, {"form": "symmetric"}),
    ("25 ± 0.1", "linear", 25, 24.9, 25.1, {}),
    ("25 +/- 0.1", "linear", 25, 24.9, 25.1, {}),
    ("25+/-0.1", "linear", 25, 24.9, 25.1, {}),
    ("25 +- 0.1", "linear", 25, 24.9, 25.1, {}),
    ("3±0.02", "linear", 3, 2.98, 3.02, {}),
    ("3.40 ±0.10", "linear", 3.4, 3.3, 3.5, {}),
    (" 60.00 ±0.10 ", "linear", 60, 59.9, 60.1, {}),
    ("100 ± 1", "linear", 100, 99, 101, {}),
    ("12,5 ± 0,05", "linear", 12.5, 12.45, 12.55, {"decimal": ","}),
    ("⌀70.50±0.05", "diameter", 70.5, 70.45, 70.55, {}),
    ("⌀21,5±0,1", "diameter", 21.5, 21.4, 21.6, {"decimal": ","}),
    ("R1.00±0.10", "radius", 1, 0.9, 1.1, {}),
    ("Ø 8 ± 0.2", "diameter", 8, 7.8, 8.2, {}),
    ("%%c30%%p0.05", "diameter", 30, 29.95, 30.05, {}),
    # bilateral, either order, unicode minus
    ("25 +0.2 -0.1", "linear", 25, 24.9, 25.2, {"form": "deviations"}),
    ("25 -0.1 +0.2", "linear", 25, 24.9, 25.2, {}),
    ("25 +0.2 −0.1", "linear", 25, 24.9, 25.2, {}),
    ("25 –0.1 +0.2", "linear", 25, 24.9, 25.2, {}),
    ("25+0.2-0.1", "linear", 25, 24.9, 25.2, {}),
    ("25 + 0.2 - 0.1", "linear", 25, 24.9, 25.2, {}),
    ("40 +0.3 +0.1", "linear", 40, 40.1, 40.3, {}),
    ("40 -0.1 -0.3", "linear", 40, 39.7, 39.9, {}),
    ("⌀40 +0.05 -0.02", "diameter", 40, 39.98, 40.05, {}),
    ("7.50 +0.10 -0.20", "linear", 7.5, 7.3, 7.6, {}),
    ("4.00 +0.10 -0.20", "linear", 4, 3.8, 4.1, {}),
    ("18.48 +0.10 -0.03", "linear", 18.48, 18.45, 18.58, {}),
    ("0.28 +0.12 -0.03", "linear", 0.28, 0.25, 0.4, {}),
    # unilateral
    ("25 +0.1 0", "linear", 25, 25, 25.1, {}),
    ("25 0 -0.1", "linear", 25, 24.9, 25, {}),
    ("25 +0,1 0", "linear", 25, 25, 25.1, {}),
    ("50.6 +0.02 0", "linear", 50.6, 50.6, 50.62, {}),
    ("70.5 +0.02 0", "linear", 70.5, 70.5, 70.52, {}),
    ("⌀16,5 +0,1 0", "diameter", 16.5, 16.5, 16.6, {}),
    ("6.50 +0.02 0.00", "linear", 6.5, 6.5, 6.52, {}),
    ("⌀12 0 -0.018", "diameter", 12, 11.982, 12, {}),
    ("3.30 -0.10", "linear", 3.3, 3.2, 3.3, {}),
    # stacked, in OCR's visual line order
    ("+0.03 35.36-0.03", "linear", 35.36, 35.33, 35.39, {}),
    ("0.00 35.00-0.20", "linear", 35, 34.8, 35, {}),
    ("+0.40 4x⌀6.60-0.10", "diameter", 6.6, 6.5, 7.0, {"qty": 4}),
    ("+0.1 20 -0.2", "linear", 20, 19.8, 20.1, {}),
    ("+0.02 0 6.50", "linear", 6.5, 6.5, 6.52, {}),
    ("+0.05 ⌀30 0", "diameter", 30, 30, 30.05, {}),
    # limits
    ("25.05/24.95", "linear", 25, 24.95, 25.05, {"form": "limits"}),
    ("25.05 24.95", "linear", 25, 24.95, 25.05, {}),
    ("24.95 25.05", "linear", 25, 24.95, 25.05, {}),
    ("16.00 15.50", "linear", 15.75, 15.5, 16, {}),
    ("8.20 8.00", "linear", 8.1, 8, 8.2, {}),
    ("6.15 6.00", "linear", 6.075, 6, 6.15, {}),
    ("⌀10.015/10.000", "diameter", 10.0075, 10, 10.015, {}),
    ("12,02 / 12,00", "linear", 12.01, 12, 12.02, {}),
    # plain lengths, decimal comma
    ("200,00", "linear", 200, N, N, {"decimal": ","}),
    ("160,10", "linear", 160.1, N, N, {}),
    ("39,90", "linear", 39.9, N, N, {}),
    ("6.144", "linear", 6.144, N, N, {}),
    ("80.5", "linear", 80.5, N, N, {}),
    ("38", "linear", 38, N, N, {}),
    ("5", "linear", 5, N, N, {}),
    (".5", "linear", 0.5, N, N, {}),
    ("0,8", "linear", 0.8, N, N, {}),
    ("1250", "linear", 1250, N, N, {}),
    ("25 mm", "linear", 25, N, N, {}),
    ("7.00", "linear", 7, N, N, {}),
    # diameters in every spelling
    ("⌀42", "diameter", 42, N, N, {}),
    ("Ø42", "diameter", 42, N, N, {}),
    ("ø42", "diameter", 42, N, N, {}),
    ("∅42", "diameter", 42, N, N, {}),
    ("Φ42", "diameter", 42, N, N, {}),
    ("φ42", "diameter", 42, N, N, {}),
    ("%%c42", "diameter", 42, N, N, {}),
    ("%%C42", "diameter", 42, N, N, {}),
    ("DIA 42", "diameter", 42, N, N, {}),
    ("42 DIA", "diameter", 42, N, N, {}),
    ("42 DIA.", "diameter", 42, N, N, {}),
    ("⌀ 6.15", "diameter", 6.15, N, N, {}),
    ("⌀68.50", "diameter", 68.5, N, N, {}),
    # radii, spherical
    ("R5", "radius", 5, N, N, {}),
    ("R 5", "radius", 5, N, N, {}),
    ("R10,00", "radius", 10, N, N, {}),
    ("R8.05", "radius", 8.05, N, N, {}),
    ("r2", "radius", 2, N, N, {}),
    ("SR10", "spherical_radius", 10, N, N, {}),
    ("S⌀20", "spherical_diameter", 20, N, N, {}),
    ("SØ20", "spherical_diameter", 20, N, N, {}),
    ("4x R3", "radius", 3, N, N, {"qty": 4}),
    # fits
    ("⌀25 H7", "diameter", 25, 25, 25.021, {"fit": "H7", "tolerance_source": "fit"}),
    ("⌀25H7", "diameter", 25, 25, 25.021, {}),
    ("Ø25 h6", "diameter", 25, 24.987, 25, {}),
    ("⌀10 g6", "diameter", 10, 9.986, 9.995, {}),
    ("⌀25 f7", "diameter", 25, 24.959, 24.98, {}),
    ("⌀25 k6", "diameter", 25, 25.002, 25.015, {}),
    ("⌀25 p6", "diameter", 25, 25.022, 25.035, {}),
    ("⌀25 K7", "diameter", 25, 24.985, 25.006, {}),
    ("⌀25 N7", "diameter", 25, 24.972, 24.993, {}),
    ("⌀50 H7", "diameter", 50, 50, 50.025, {}),
    ("⌀38H12", "diameter", 38, 38, 38.25, {}),
    ("⌀20 js6", "diameter", 20, 19.9935, 20.0065, {}),
    ("⌀20 JS7", "diameter", 20, 19.9895, 20.0105, {}),
    ("10 H11", "linear", 10, 10, 10.09, {}),
    ("⌀25 H7/g6", "diameter", 25, N, N, {"fit": "H7/g6"}),
    ("⌀25 H7 / g6", "diameter", 25, N, N, {"fit": "H7/g6"}),
    ("Ø12.00 H7 k6", "diameter", 12, N, N, {"fit": "H7/k6"}),
    ("12.00 H7 k6", "linear", 12, N, N, {"fit": "H7/k6"}),
    ("2x 6.00 H7 k6", "linear", 6, N, N, {"fit": "H7/k6", "qty": 2}),
    ("⌀25 H7 (+0.021 0)", "diameter", 25, 25, 25.021, {"fit": "H7", "tolerance_source": "explicit"}),
    ("4x Ø10 H7", "diameter", 10, 10, 10.015, {"qty": 4}),
    # angles
    ("45°", "angle", 45, N, N, {"unit": "deg"}),
    ("45,0°", "angle", 45, N, N, {}),
    ("60,0°", "angle", 60, N, N, {}),
    ("22.5°", "angle", 22.5, N, N, {}),
    ("135°", "angle", 135, N, N, {}),
    ("30°15'", "angle", 30.25, N, N, {}),
    ("30° 15'", "angle", 30.25, N, N, {}),
    ("30°15'36\"", "angle", 30.26, N, N, {}),
    ("45º", "angle", 45, N, N, {}),
    ("45˚", "angle", 45, N, N, {}),
    ("90%%d", "angle", 90, N, N, {}),
    ("45°±0.5°", "angle", 45, 44.5, 45.5, {}),
    ("60°±30'", "angle", 60, 59.5, 60.5, {}),
    ("2x 45°", "chamfer", 2, N, N, {"angle": 45}),  # leg x angle reads as a chamfer
    # chamfers
    ("C2", "chamfer", 2, N, N, {"angle": 45}),
    ("C0.5", "chamfer", 0.5, N, N, {}),
    ("2x45°", "chamfer", 2, N, N, {"angle": 45}),
    ("1x45°", "chamfer", 1, N, N, {}),
    ("1.5 x 45°", "chamfer", 1.5, N, N, {}),
    ("1,5×45°", "chamfer", 1.5, N, N, {}),
    ("0.5 X 45°", "chamfer", 0.5, N, N, {}),
    ("45° x 2", "chamfer", 2, N, N, {"angle": 45}),
    ("2 x 30°", "chamfer", 2, N, N, {"angle": 30}),
    # threads
    ("M10", "thread", 10, N, N, {"pitch": 1.5, "pitch_explicit": False}),
    ("M8", "thread", 8, N, N, {"pitch": 1.25}),
    ("M6", "thread", 6, N, N, {"pitch": 1.0}),
    ("M3", "thread", 3, N, N, {"pitch": 0.5}),
    ("M12", "thread", 12, N, N, {"pitch": 1.75}),
    ("M24", "thread", 24, N, N, {"pitch": 3.0}),
    ("M10x1.25", "thread", 10, N, N, {"pitch": 1.25, "pitch_explicit": True}),
    ("M10 x 1,25", "thread", 10, N, N, {"pitch": 1.25}),
    ("M8-6H", "thread", 8, N, N, {"thread_class": "6H", "pitch": 1.25}),
    ("M10x1.25-6g", "thread", 10, N, N, {"thread_class": "6g"}),
    ("4 x M8", "thread", 8, N, N, {"qty": 4}),
    ("4x M8", "thread", 8, N, N, {"qty": 4}),
    ("2X M6", "thread", 6, N, N, {"qty": 2}),
    ("4xM8x1.25", "thread", 8, N, N, {"qty": 4, "pitch": 1.25}),
    ("4xR3", "radius", 3, N, N, {"qty": 4}),
    ("M6 THRU", "thread", 6, N, N, {"through": True}),
    ("M8 ↧12", "thread", 8, N, N, {"depth": 12}),
    # roughness
    ("Ra 3.2", "roughness", 3.2, N, N, {"roughness_param": "Ra", "unit": "um"}),
    ("Ra3.2", "roughness", 3.2, N, N, {}),
    ("Ra0,8", "roughness", 0.8, N, N, {}),
    ("Rz 16", "roughness", 16, N, N, {"roughness_param": "Rz"}),
    ("RA 1.6", "roughness", 1.6, N, N, {}),
    ("Ra 6.3", "roughness", 6.3, N, N, {}),
    # reference, basic, REF
    ("(25,5)", "linear", 25.5, N, N, {"reference": True}),
    ("(60)", "linear", 60, N, N, {"reference": True}),
    ("(⌀40)", "diameter", 40, N, N, {"reference": True}),
    ("25 REF", "linear", 25, N, N, {"reference": True}),
    ("25 REF.", "linear", 25, N, N, {"reference": True}),
    ("[40]", "linear", 40, N, N, {"basic": True}),
    ("[⌀12]", "diameter", 12, N, N, {"basic": True}),
    ("|30|", "linear", 30, N, N, {"basic": True}),
    # quantities
    ("4x ⌀6.6", "diameter", 6.6, N, N, {"qty": 4}),
    ("4X⌀6.6", "diameter", 6.6, N, N, {"qty": 4}),
    ("2× ⌀8", "diameter", 8, N, N, {"qty": 2}),
    ("6 x Ø5.5", "diameter", 5.5, N, N, {"qty": 6}),
    ("⌀8 (4x)", "diameter", 8, N, N, {"qty": 4}),
    ("⌀8 4 PLCS", "diameter", 8, N, N, {"qty": 4}),
    ("⌀8 4 HOLES", "diameter", 8, N, N, {"qty": 4}),
    (" 2x ⌀3.40 ±0.10 ", "diameter", 3.4, 3.3, 3.5, {"qty": 2}),
    # single limits
    ("10.00 max.", "linear", 10, N, 10, {"limit": "max"}),
    ("10.00 MAX", "linear", 10, N, 10, {}),
    ("6.00 min.", "linear", 6, 6, N, {"limit": "min"}),
    ("0.70 max.", "linear", 0.7, N, 0.7, {}),
    ("R0.5 max", "radius", 0.5, N, 0.5, {}),
    # hole callouts
    ("⌀6.6 THRU", "diameter", 6.6, N, N, {"through": True}),
    ("⌀5 ↧10", "diameter", 5, N, N, {"depth": 10}),
    ("⌀5 DEPTH 10", "diameter", 5, N, N, {"depth": 10}),
    ("⌀5 x 10 DEEP", "diameter", 5, N, N, {"depth": 10}),
    ("⌴⌀11 ↧6.5", "counterbore", 11, N, N, {"depth": 6.5}),
    ("CBORE ⌀11 DEEP 6.5", "counterbore", 11, N, N, {"depth": 6.5}),
    ("⌵⌀12x90°", "countersink", 12, N, N, {"angle": 90}),
    ("CSK ⌀12 X 90°", "countersink", 12, N, N, {"angle": 90}),
    # inch
    ("1.250\"", "linear", 1.25, N, N, {"unit": "in"}),
    ("2.5 IN", "linear", 2.5, N, N, {"unit": "in"}),
]


NOT_DIMENSIONS = [
    "", "   ", "BREAK ALL SHARP EDGES", "NOTES:", "ISO 2768-m", "ISO 2768-mK", "DL-0001", "2026-11-24",
    "Sheet 1/1", "Rev A", "A", "H7", "SCALE 1:1", "12345-001", "MATERIAL S235JR", "25 30", "S235JR",
    "DRAWN BY J. SMITH", "Adapterplatte", "UNLESS OTHERWISE SPECIFIED", "A-A", "SECTION B-B", "DETAIL C (2:1)",
    "Blatt 1 von 1", "Werkstoff: AlMgSi1", "+0.1", "±0.1", "-5", "0", "0.00", "25 +0.1 +0.1", "R", "⌀", "M",
    "25 ±", "± 25 ± 0.1", "10 20 30 40", "H7/g6", "12:30", "Ra", "42 apples", "⌀25 H7 ZZ9", "x", "4x",
    "25 0.1 0.2", "ⓘ", "Ø25 H99", "1/1", "2/2", "20 20", "⌀4⌀ k6", "Ø25Ø H7",  # a ⌀ inside: a digit a line crosses
    "⌀.12,00 -0,10", "12.05.2026", "1,25.5",  # two decimal signs in one number
    "260.00159", "⌀32.00005",  # more decimals than any drawing gives: numbers run together
]


@pytest.mark.parametrize("text, kind, nominal, lower, upper, extra", CASES, ids=[c[0] for c in CASES])
def test_real_world_strings(text, kind, nominal, lower, upper, extra):
    dim = parse(text)
    assert dim.kind == kind
    assert dim.nominal == pytest.approx(nominal, abs=1e-9)
    assert (dim.lower is None) == (lower is None) and (dim.upper is None) == (upper is None)
    if lower is not None:
        assert dim.lower == pytest.approx(lower, abs=1e-9)
    if upper is not None:
        assert dim.upper == pytest.approx(upper, abs=1e-9)
    for key, value in extra.items():
        assert getattr(dim, key) == pytest.approx(value) if isinstance(value, float) else getattr(dim, key) == value, key
    again = parse(dim.canonical)
    assert (again.kind, again.nominal, again.lower, again.upper, again.fit, again.qty) == \
           (dim.kind, dim.nominal, dim.lower, dim.upper, dim.fit, dim.qty), dim.canonical


def test_table_is_large_enough():
    assert len(CASES) >= 150


@pytest.mark.parametrize("text", NOT_DIMENSIONS)
def test_non_dimensions_raise_parse_error(text):
    with pytest.raises(ParseError):
        parse(text)
    assert try_parse(text) is None
    assert parse_to_record(text)["ok"] is False


@pytest.mark.parametrize("bad", [None, 25, b"25", ["25"]])
def test_wrong_types_raise_parse_error(bad):
    with pytest.raises(ParseError):
        parse(bad)


def test_canonical_forms():
    assert parse("+0.03 35.36-0.03").canonical == "35.36 +0.03 -0.03"
    assert parse("25 +/- 0.1").canonical == "25 ±0.1"
    assert parse("Ø12.00 H7 k6").canonical == "⌀12.00 H7/k6"
    assert parse("4 X M8").canonical == "4x M8"
    assert parse("(25,5)").canonical == "(25.5)"
    assert parse("16.00 15.50").canonical == "16.00/15.50"
    assert parse("C2").canonical == "2x45°"
    assert parse("⌀8 4 PLCS").canonical == parse("4x ⌀8").canonical


def test_pair_fit_reports_both_members():
    dim = parse("⌀25 H7/g6")
    assert dim.fit_limits["hole"] == pytest.approx([0.021, 0.0])
    assert dim.fit_limits["shaft"] == pytest.approx([-0.007, -0.020])
    assert dim.fit_limits["min_clearance"] == pytest.approx(0.007)
    assert dim.fit_limits["max_clearance"] == pytest.approx(0.041)
    assert dim.fit_limits["kind"] == "clearance"


def test_drawn_deviations_checked_against_fit():
    assert not parse("⌀25 H7 (+0.021 0)").notes
    assert any("differ" in n for n in parse("⌀25 H7 (+0.030 0)").notes)


def test_fit_beyond_tables_keeps_the_class_and_says_why():
    dim = parse("⌀800 t6")
    assert dim.fit == "t6" and dim.upper is None and any("500" in n for n in dim.notes)


# --------------------------------------------------------------------------- ISO 2768 general tolerances

@pytest.mark.parametrize("text, cls, lower, upper", [
    ("25", "m", 24.8, 25.2), ("25", "f", 24.9, 25.1), ("25", "c", 24.5, 25.5), ("25", "v", 24, 26),
    ("2", "m", 1.9, 2.1), ("30", "m", 29.8, 30.2), ("30.5", "m", 30.2, 30.8), ("⌀100", "m", 99.7, 100.3),
    ("500", "m", 499.2, 500.8), ("1500", "c", 1497, 1503), ("R5", "m", 4.5, 5.5), ("R10", "c", 8, 12),
    ("C2", "f", 1.8, 2.2), ("45°", "m", 44, 46), ("45°", "v", 42, 48), ("ISO 2768-mK" and "120", "ISO 2768-mK", 119.7, 120.3),
])
def test_general_tolerance(text, cls, lower, upper):
    dim = parse(text, general=cls)
    assert dim.tolerance_source == "general"
    assert dim.lower == pytest.approx(lower) and dim.upper == pytest.approx(upper)


def test_general_tolerance_never_overrides():
    assert parse("25±0.05", general="c").upper == pytest.approx(25.05)
    assert parse("⌀25 H7", general="c").tolerance_source == "fit"
    assert parse("(25)", general="m").upper is None
    assert parse("[25]", general="m").upper is None
    assert parse("M8", general="m").upper is None
    assert parse("0.3", general="m").upper is None  # ISO 2768 starts over 0.5 mm
    assert parse("3000", general="f").upper is None  # class f stops at 2000 mm
    with pytest.raises(ParseError):
        parse("25", general="x")


# --------------------------------------------------------------------------- properties

texty = st.text(alphabet=st.sampled_from(list("0123456789.,+-±⌀ØRMCx×/°'\"() []HhgkKjsJSREFmaxin DIA%%c↧⌴⌵THRU")),
                max_size=24)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=30), texty))
def test_random_text_only_ever_raises_parse_error(text):
    try:
        dim = parse(text)
    except ParseError:
        return
    record = dim.to_record()
    json.dumps(record)
    if dim.lower is not None and dim.upper is not None:
        assert dim.lower <= dim.upper
    again = parse(dim.canonical)
    assert (again.kind, again.nominal, again.lower, again.upper, again.fit, again.qty) == \
           (dim.kind, dim.nominal, dim.lower, dim.upper, dim.fit, dim.qty)


decimals = st.decimals(min_value="0.5", max_value="2000", places=2, allow_nan=False, allow_infinity=False)
deviations = st.decimals(min_value="0.01", max_value="0.5", places=2)


@settings(max_examples=300, deadline=None)
@given(decimals, deviations, deviations, st.sampled_from(["", "⌀", "R"]), st.booleans(), st.booleans())
def test_generated_dimensions_round_trip(nominal, up, low, prefix, comma, stacked_first):
    assume(low < nominal)
    up_text, low_text, nom_text = f"+{up}", f"-{low}", f"{prefix}{nominal}"
    text = f"{up_text} {nom_text}{low_text}" if stacked_first else f"{nom_text} {up_text} {low_text}"
    if comma:
        text = text.replace(".", ",")
    dim = parse(text)
    assert dim.nominal == pytest.approx(float(nominal))
    assert dim.upper == pytest.approx(float(nominal + up)) and dim.lower == pytest.approx(float(nominal - low))
    assert dim.lower <= dim.upper
    assert parse(dim.canonical).upper == dim.upper


@settings(max_examples=200, deadline=None)
@given(decimals, st.sampled_from(["H7", "g6", "h6", "k6", "m6", "p6", "JS8", "F8", "N7", "s7", "d9", "e8"]))
def test_fits_give_ordered_limits(nominal, cls):
    dim = parse(f"⌀{nominal} {cls}")
    if dim.upper is not None:
        assert dim.lower <= dim.upper
        assert math.isclose(dim.upper - dim.lower, dim.tolerance)


# --------------------------------------------------------------------------- CLI

def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "drawinglab.cli", *args], capture_output=True, text=True,
                          input=stdin)


def test_cli_parse_json_lines():
    result = run_cli("parse", "⌀25 H7", "NOTES", "25", "--general", "m", "--json")
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ok"] for r in lines] == [True, False, True]
    assert lines[0]["upper"] == 25.021 and lines[0]["lower"] == 25.0 and lines[0]["fit"] == "H7"
    assert set(lines[1]) >= {"ok", "kind", "nominal", "upper", "lower", "upper_dev", "lower_dev", "fit", "qty",
                             "canonical", "error"}
    assert lines[1]["error"] and lines[2]["upper"] == 25.2


def test_cli_parse_stdin():
    result = run_cli("parse", "-", "--json", stdin="10±0.1\n4 X M8\nfoo\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ok"] for r in lines] == [True, True, False]
    assert lines[1]["qty"] == 4 and lines[1]["kind"] == "thread"


def test_cli_fit():
    result = run_cli("fit", "⌀25 H7/g6", "--json")
    assert result.returncode == 0, result.stderr
    rec = json.loads(result.stdout)
    assert rec["hole_upper"] == 25.021 and rec["hole_lower"] == 25.0
    assert rec["shaft_upper"] == 24.993 and rec["shaft_lower"] == 24.98
    assert rec["min_clearance"] == 0.007 and rec["max_clearance"] == 0.041 and rec["kind"] == "clearance"
    bad = run_cli("fit", "⌀25", "--json")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("text, canonical", [("M .1", "M0.1"), ("⌀.5", "⌀0.5"), ("R ,75", "R0.75")])
def test_a_number_drawn_without_its_leading_zero_is_canonical_with_it(text, canonical):
    """The canonical text writes ``0.1`` for ``.1``: ``M.1`` would not parse again (found by the property test)."""
    dim = parse(text)
    assert dim.canonical == canonical and parse(dim.canonical).nominal == dim.nominal
