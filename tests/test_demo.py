import json
import subprocess
import sys

import numpy as np
from PIL import Image


def test_demo_ingests_and_preprocesses_every_sample(sample_dir, tmp_path):
    result = subprocess.run([sys.executable, "-m", "drawinglab.cli", "demo", "--samples", str(sample_dir),
                             "--out", str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "demo" / "summary.json").read_text())
    names = {p["name"] for p in summary["pages"]}
    stems = {f.stem for f in sample_dir.iterdir() if f.suffix in (".png", ".jpg")}
    assert names == stems | {f"{stem}_p1" for stem in stems}
    assert not summary["failures"]
    pdf = next(p for p in summary["pages"] if p["kind"] == "pdf")
    truth = json.loads((sample_dir / f"{pdf['name'][:-3]}.json").read_text())
    span_texts = {s["text"].strip() for s in pdf["text_spans"]}
    assert truth["title_block"]["title"] in span_texts
    for name in names:
        binary = np.asarray(Image.open(tmp_path / "demo" / "preprocessed" / f"{name}.png"))
        assert set(np.unique(binary)) <= {0, 255}
        assert 0.001 < (binary == 0).mean() < 0.2, "the chain should keep the drawing's ink and little else"
    assert "summary.json" in result.stdout
