"""Tolerance stage: ISO-based analysis, the skin-model simulator, the learned model, stack-ups."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from drawinglab.dimensions import iso286
from drawinglab.errors import ConfigError, CorruptFile, ParseError
from drawinglab.tolerance import (SkinParams, analyze, analyze_table, capable_processes, it_band, load_processes,
                                  simulate)
from drawinglab.tolerance.simulate import measure, sample_profiles
from drawinglab.tolerance.stackup import monte_carlo, parse_link, rss, stackup, worst_case


# ----------------------------------------------------------------------------- analysis

@pytest.mark.parametrize("text,grade", [("⌀25 H7", 7), ("⌀25 h6", 6), ("⌀40 g6", 6), ("⌀10 H8", 8), ("⌀100 js9", 9),
                                         ("⌀6 H11", 11), ("⌀300 k5", 5), ("⌀50 f7", 7)])
def test_iso_fit_comes_out_as_its_grade(text, grade):
    assert analyze(text).it_grade == pytest.approx(grade, abs=0.01)


@pytest.mark.parametrize("size,grade", [(3, 7), (25, 7), (80, 9), (400, 12), (18, 5.5)])
def test_it_band_inverts_grade_of(size, grade):
    assert iso286.grade_of(it_band(size, grade), size) == pytest.approx(grade, abs=0.002)


def test_process_table_matches_published_ranges():
    procs = {p.name: p for p in load_processes()}
    assert (procs["lapping"].it_best, procs["lapping"].it_worst) == (4, 5)
    assert (procs["grinding"].it_best, procs["grinding"].it_worst) == (5, 8)
    assert (procs["reaming"].it_best, procs["reaming"].it_worst) == (6, 10)
    assert (procs["turning"].it_best, procs["turning"].it_worst) == (7, 13)
    assert procs["sand_casting"].it_worst == 16 and procs["die_casting"].it_worst == 14
    for p in procs.values():  # cost falls as the band widens and tends to A
        assert p.cost(0.01) > p.cost(0.1) > p.cost(1.0) > p.A


def test_capable_processes_and_cheapest():
    assert {p.name for p in capable_processes(6.0)} == {"lapping", "honing", "grinding", "reaming"}
    assert {p.name for p in capable_processes(6.0, feature="shaft")} == {"lapping", "grinding"}
    assert analyze("⌀25 h6").cheapest == "grinding"  # a shaft: no reaming or honing
    assert analyze("⌀25 H7").cheapest == "reaming"
    coarse = analyze("100 ±1")
    assert coarse.cheapest == "sand_casting" and coarse.cost_index < analyze("100 ±0.05").cost_index


def test_flags():
    assert analyze("10 ±0.0005").flags == ["tighter_than_any_process"]
    assert "roughness_inconsistent" in analyze("⌀25 H7", ra=3.2).flags  # Rz ≈ 19 µm in a 21 µm band
    assert analyze("⌀25 H7", ra=0.8).flags == []
    assert analyze("20", general="m").flags == ["general_tolerance"]
    assert analyze("20").flags == ["no_tolerance"]
    assert analyze("45°").flags == ["not_a_length"]
    assert analyze({"text": "x", "nominal": 10, "upper": 9.9, "lower": 10.1}).flags == ["contradictory_limits"]


def test_fit_pair_is_judged_on_its_tighter_part():
    a = analyze("⌀10 H7/g6")
    assert a.it_grade == pytest.approx(6, abs=0.01) and a.cheapest == "grinding"


def test_analyze_table_columns():
    table = pd.DataFrame({"text": ["⌀25 H7", "NOTE", "50"], "category": ["dimension", "note", "dimension"],
                          "nominal": [25.0, None, 50.0], "upper": [25.021, None, None], "lower": [25.0, None, None],
                          "kind": ["diameter", None, "linear"], "fit": ["H7", None, None]})
    out = analyze_table(table, general="m")
    assert list(out.columns) == ["it_grade", "process", "cost_index", "capable_processes", "tolerance_flags"]
    assert out.loc[0, "it_grade"] == pytest.approx(7.0) and out.loc[0, "process"] == "reaming"
    assert pd.isna(out.loc[1, "it_grade"])
    assert out.loc[2, "tolerance_flags"] == "general_tolerance" and out.loc[2, "it_grade"] > 12


# ----------------------------------------------------------------------------- simulator

@pytest.mark.parametrize("feature", ["line", "plane", "circle", "cylinder"])
def test_zero_noise_gives_zero_error(feature):
    m = simulate(np, feature, 30.0, SkinParams(), n=4)
    for key, value in m.items():
        if key == "size":
            np.testing.assert_allclose(value, 30.0, atol=1e-9)
        else:
            assert np.abs(value).max() < 1e-9, key


@pytest.mark.parametrize("feature,key", [("line", "straightness"), ("plane", "flatness"), ("circle", "roundness"),
                                         ("cylinder", "cylindricity")])
def test_form_error_grows_with_sigma(feature, key):
    means = [float(simulate(np, feature, 40.0, SkinParams(form=s, correlation=0.1), n=300, seed=3)[key].mean())
             for s in (0.001, 0.004, 0.016)]
    assert means[0] < means[1] < means[2]
    assert means[2] / means[0] == pytest.approx(16, rel=0.25)  # form error is linear in σ


@pytest.mark.parametrize("feature", ["circle", "cylinder"])
def test_measured_size_is_unbiased(feature):
    params = SkinParams.from_process("turning", "steel", 20.0)
    size = simulate(np, feature, 20.0, params, n=4000, seed=5)["size"]
    assert abs(size.mean() - 20.0) < 4 * size.std() / np.sqrt(len(size))
    assert size.std() >= 0.95 * params.size  # form adds to the scatter of the least-squares size
    pure = simulate(np, feature, 20.0, replace(params, form=0.0, systematic=0.0), n=4000, seed=5)["size"]
    assert pure.std() == pytest.approx(params.size, rel=0.1)


def test_position_and_orientation_follow_their_modes():
    shifted = simulate(np, "circle", 10.0, SkinParams(translation=0.01), n=3000, seed=2)["position"]
    # diametral position of a 2-D normal offset: 2·σ·sqrt(π/2) on average (Rayleigh)
    assert shifted.mean() == pytest.approx(2 * 0.01 * np.sqrt(np.pi / 2), rel=0.05)
    tilted = simulate(np, "line", 50.0, SkinParams(rotation=0.001), n=2000, seed=2)
    assert np.abs(tilted["straightness"]).max() < 1e-9  # a tilted straight line is still straight
    assert tilted["orientation"].mean() == pytest.approx(50 * 0.001 * np.sqrt(2 / np.pi), rel=0.05)


def test_profiles_shapes_and_bad_input():
    prof = sample_profiles(np, "cylinder", 10.0, SkinParams(form=0.001), n=3, points=32, sections=4)
    assert prof["x"].shape == (3, 4, 32) and prof["z"].shape == (4,)
    assert set(measure(np, "cylinder", prof, 10.0)) == {"size", "cylindricity", "position"}
    with pytest.raises(ConfigError):
        sample_profiles(np, "sphere", 10.0, SkinParams(), n=1)
    with pytest.raises(ConfigError):
        SkinParams.from_process("welding")


def test_simulator_same_on_every_device(xp):
    """The one generic simulator on NumPy and (with --device cuda) CuPy gives the same statistics."""
    params = SkinParams.from_process("milling", "steel", 50.0)
    ref = simulate(np, "plane", 50.0, params, n=2000, seed=1)["flatness"]
    got = simulate(xp, "plane", 50.0, params, n=2000, seed=1)["flatness"]
    got = got.get() if hasattr(got, "get") else got
    assert got.mean() == pytest.approx(ref.mean(), rel=0.05)


# ----------------------------------------------------------------------------- learned model

def test_shipped_model_is_within_its_reported_error():
    from drawinglab.tolerance.model import ToleranceModel, simulate_rows

    model = ToleranceModel.load()
    holdout = simulate_rows(240, seed=424242, parts=128)
    pred = model.predict(holdout[["characteristic", "size", "process", "material", "tolerance"]])
    for target, figures in model.card["targets"].items():
        if target == "conformance":
            err = np.abs(pred["conformance_probability"] - holdout["conformance"]).mean()
            assert err <= 1.5 * figures["mae"] + 0.02, (target, err, figures)
            continue
        mask = holdout.characteristic == target
        resid = np.log10(pred.loc[mask, "expected_deviation"]) - np.log10(holdout.loc[mask, "deviation"])
        assert np.sqrt((resid ** 2).mean()) <= 1.5 * figures["rmse_log10"] + 0.02, (target, figures)
        assert figures["r2_log10"] > 0.8


def test_model_trains_from_measurement_csv(tmp_path):
    from drawinglab.tolerance.model import ToleranceModel, read_measurements, train

    rng = np.random.default_rng(0)
    rows = []
    for char in ("flatness", "cylindricity", "position", "perpendicularity"):
        for _ in range(60):
            size = float(rng.uniform(5, 200))
            dev = 0.0002 * size * float(rng.lognormal(0, 0.2))  # a shop where deviation grows with size
            rows.append((char, size, "milling", "steel", 0.02, dev))
    csv = tmp_path / "shop.csv"
    pd.DataFrame(rows, columns=["characteristic", "size", "process", "material", "tolerance", "deviation"]).to_csv(
        csv, index=False)
    frame = read_measurements(csv)
    assert frame["conformance"].between(0, 1).all()
    train(frame, tmp_path / "model", device="cpu")
    model = ToleranceModel.load(tmp_path / "model")
    small, large = model.predict([{"characteristic": "flatness", "size": s, "process": "milling",
                                   "material": "steel", "tolerance": 0.02} for s in (10, 150)])["expected_deviation"]
    assert large > 5 * small


def test_measurement_csv_errors(tmp_path):
    from drawinglab.tolerance.model import read_measurements

    bad = tmp_path / "bad.csv"
    bad.write_text("characteristic,size\nflatness,10\n")
    with pytest.raises(CorruptFile, match="missing column"):
        read_measurements(bad)


# ----------------------------------------------------------------------------- stack-up

def test_worst_case_exact_and_signs():
    r = stackup(["10±0.1", "20 +0.2 -0.1", "-30±0.1"], method="wc")
    assert r["nominal"] == pytest.approx(0.0)
    assert r["worst_case"]["mid"] == pytest.approx(0.05) and r["worst_case"]["plus"] == pytest.approx(0.35)
    assert r["worst_case"]["lower"] == pytest.approx(-0.3) and r["worst_case"]["upper"] == pytest.approx(0.4)


def test_rss_analytic():
    links = [parse_link(t) for t in ("10±0.1", "20±0.2", "-30±0.1")]
    assert rss(links)["plus"] == pytest.approx(np.sqrt(0.01 + 0.04 + 0.01))
    assert worst_case(links)["plus"] == pytest.approx(0.4)


def test_monte_carlo_normal_matches_rss_within_one_percent():
    links = [parse_link(t) for t in ("10±0.1", "20±0.2", "-30±0.1", "5 +0.05 -0.02")]
    mc = monte_carlo(links, samples=1_000_000, seed=1)
    r = rss(links)
    assert mc["std"] == pytest.approx(r["sigma"], rel=0.01)
    assert mc["mean"] == pytest.approx(r["mid"], abs=0.001)
    assert mc["ppm_outside"] == pytest.approx(2700, rel=0.1)  # ±3σ of a normal leaves 0.27 % outside


def test_monte_carlo_uniform_and_truncated():
    links = [parse_link("10±0.3")]
    uni = monte_carlo(links, samples=400_000, distribution="uniform", seed=2)
    assert uni["std"] == pytest.approx(0.3 / np.sqrt(3), rel=0.01) and 9.7 <= uni["min"] and uni["max"] <= 10.3
    trunc = monte_carlo(links, samples=400_000, distribution="truncnorm", seed=2, spec=(9.7, 10.3))
    assert trunc["ppm_outside"] == 0 and trunc["std"] == pytest.approx(0.1, rel=0.02)


def test_stackup_bad_input():
    with pytest.raises(ParseError):
        parse_link("20")  # no tolerance
    assert parse_link("20", general="m").upper == pytest.approx(20.2)
    with pytest.raises(ConfigError):
        stackup(["10±0.1"], method="magic")
    with pytest.raises(ConfigError):
        monte_carlo([parse_link("10±0.1")], distribution="cauchy")


def test_stackup_cli_takes_negative_dimensions(capsys):
    from drawinglab.cli import main

    assert main(["stackup", "10±0.1", "20±0.2", "-30±0.1", "--method", "wc"]) == 0
    out = capsys.readouterr().out
    assert "± 0.4000" in out and "[-0.4000, +0.4000]" in out
