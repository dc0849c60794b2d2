import json
import subprocess
import sys


def test_demo_runs_the_pipeline_on_every_sample(sample_dir, tmp_path):
    result = subprocess.run([sys.executable, "-m", "drawinglab.cli", "demo", "--samples", str(sample_dir),
                             "--out", str(tmp_path), "--no-reports"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    stems = {f.stem for f in sample_dir.iterdir() if f.suffix in (".png", ".jpg")}
    names = {p["name"] for p in summary["pages"]}
    assert names == stems | {f"{stem}_p1" for stem in stems}
    assert not summary["failures"]
    for name in names:
        page = json.loads((tmp_path / "demo" / f"{name}.json").read_text())
        assert page["n_dimensions"] > 0 and (tmp_path / "demo" / f"{name}.png").exists()
    assert summary["summary"]["pages_per_hour"] > 0
    assert "summary.json" in result.stdout
