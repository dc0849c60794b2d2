"""Ingest: PDFs with their vector layer, every raster flavour, and every bad-input case."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

import drawinglab
from drawinglab import errors
from drawinglab.samples import SAMPLE_DIMENSIONS, write_sample_pdf


def ink_image(h=120, w=200) -> np.ndarray:
    img = np.full((h, w, 3), 255, np.uint8)
    img[40:80, 30:170] = (20, 40, 60)
    return img


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory) -> Path:
    return write_sample_pdf(tmp_path_factory.mktemp("pdf") / "plate.pdf")


# --------------------------------------------------------------------------- PDF

def test_pdf_raster_size_and_transform(sample_pdf):
    [page] = drawinglab.load(sample_pdf, dpi=150)
    assert page.kind == "pdf" and page.dpi == 150
    assert page.size == (1755, 1241) or page.size == (1755, 1240)
    assert page.transform[0] == pytest.approx(150 / 72)
    assert page.pt_to_px(72, 72) == pytest.approx((150, 150))
    assert page.image.dtype == np.uint8 and page.image.shape[2] == 3


def test_pdf_text_spans_sit_on_their_ink(sample_pdf):
    [page] = drawinglab.load(sample_pdf, dpi=200)
    texts = [s.text for s in page.text_spans]
    for dim in SAMPLE_DIMENSIONS:
        assert dim in texts
    gray = page.gray
    for span in page.text_spans:
        x0, y0, x1, y1 = (int(round(v)) for v in span.bbox)
        crop = gray[max(y0, 0):y1, max(x0, 0):x1]
        assert crop.size and (crop < 128).any(), f"no ink under span {span.text!r}"
    by_text = {s.text: s for s in page.text_spans}
    assert by_text["120"].rotation == pytest.approx(90)
    assert by_text["200"].rotation == pytest.approx(0)
    # a vertical span is taller than wide, a horizontal one wider than tall
    x0, y0, x1, y1 = by_text["120"].bbox
    assert (y1 - y0) > (x1 - x0)


def test_pdf_vector_paths_in_pixels(sample_pdf):
    [page] = drawinglab.load(sample_pdf, dpi=100)
    assert len(page.paths) > 10
    for path in page.paths:
        x0, y0, x1, y1 = path.bbox
        assert -2 <= x0 <= x1 <= page.width + 2 and -2 <= y0 <= y1 <= page.height + 2
    assert any(kind == "c" for p in page.paths for kind, _ in p.items)  # circles come as Béziers
    assert all(p.width > 0 for p in page.paths if p.stroke is not None)


def test_rotated_pdf_page_keeps_spans_on_ink(tmp_path):
    doc = pymupdf.open()
    pdf_page = doc.new_page(width=400, height=300)
    pdf_page.insert_text((50, 100), "Ø25 H7", fontsize=24)
    pdf_page.set_rotation(90)
    doc.save(tmp_path / "rot.pdf")
    [page] = drawinglab.load(tmp_path / "rot.pdf", dpi=72)
    assert page.size == (300, 400)
    [span] = page.text_spans
    assert span.rotation == pytest.approx(270)  # reads top-to-bottom after a clockwise page turn
    x0, y0, x1, y1 = (int(v) for v in span.bbox)
    ink = page.gray < 128
    assert ink[y0:y1, x0:x1].sum() > 0.95 * ink.sum()


def test_pdf_page_selection(tmp_path):
    doc = pymupdf.open()
    for i in range(3):
        doc.new_page(width=200, height=100).insert_text((20, 50), f"page {i}", fontsize=20)
    doc.save(tmp_path / "three.pdf")
    pages = drawinglab.load(tmp_path / "three.pdf", dpi=72, pages=[2, 0])
    assert [p.page_index for p in pages] == [2, 0]
    assert pages[0].text_spans[0].text == "page 2"
    assert drawinglab.load(tmp_path / "three.pdf", dpi=72, pages=-1)[0].page_index == 2
    with pytest.raises(errors.ConfigError, match="out of range"):
        drawinglab.load(tmp_path / "three.pdf", pages=5)


def test_encrypted_pdf_needs_password(tmp_path):
    doc = pymupdf.open()
    doc.new_page(width=200, height=100).insert_text((20, 50), "secret 42", fontsize=20)
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    with pytest.raises(errors.EncryptedPDF, match="locked.pdf.*password"):
        drawinglab.load(path)
    with pytest.raises(errors.EncryptedPDF, match="wrong password"):
        drawinglab.load(path, password="nope")
    [page] = drawinglab.load(path, password="pw", dpi=72)
    assert page.text_spans[0].text == "secret 42"


def test_zero_page_pdf_is_empty(tmp_path):
    path = tmp_path / "nopages.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                     b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
                     b"trailer<</Root 1 0 R>>\n%%EOF\n")
    with pytest.raises((errors.EmptyDrawing, errors.CorruptFile), match="nopages.pdf"):
        drawinglab.load(path)


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    with pytest.raises((errors.CorruptFile, errors.EmptyDrawing), match="broken.pdf"):
        drawinglab.load(path)


def test_truncated_pdf(sample_pdf, tmp_path):
    data = sample_pdf.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    try:
        pages = drawinglab.load(path)
    except errors.DrawingLabError as exc:
        assert "truncated.pdf" in str(exc)
    else:  # PyMuPDF may repair a truncated file; whatever survives must be a real page
        assert all(p.image.size for p in pages)


def test_pdf_page_over_pixel_limit(sample_pdf):
    with pytest.raises(errors.TooLarge, match="plate.pdf.*MP"):
        drawinglab.load(sample_pdf, dpi=300, max_pixels=1_000_000)


def test_blank_pdf_page(tmp_path):
    doc = pymupdf.open()
    doc.new_page(width=200, height=100)
    doc.save(tmp_path / "blank.pdf")
    with pytest.raises(errors.EmptyDrawing, match="blank"):
        drawinglab.load(tmp_path / "blank.pdf")
    assert len(drawinglab.load(tmp_path / "blank.pdf", allow_blank=True)) == 1


# --------------------------------------------------------------------------- images

IMAGE_CASES = [(fmt, mode) for fmt, modes in {
    "png": ["L", "RGB", "RGBA", "P", "I;16", "1", "LA"],
    "tiff": ["L", "RGB", "RGBA", "P", "CMYK", "I;16", "1", "LA"],
    "webp": ["L", "RGB", "RGBA", "P", "1"],
    "bmp": ["L", "RGB", "RGBA", "P", "1"],
    "jpeg": ["L", "RGB", "CMYK"],
}.items() for mode in modes]


@pytest.mark.parametrize("fmt, mode", IMAGE_CASES)
def test_image_modes(tmp_path, mode, fmt):
    rgb = Image.fromarray(ink_image())
    if mode == "I;16":
        img = Image.fromarray((np.asarray(rgb.convert("L")).astype(np.uint16) * 257))
    elif mode == "RGBA":
        img = rgb.convert("RGBA")
    else:
        img = rgb.convert(mode)
    path = tmp_path / f"drawing.{fmt}"
    img.save(path, dpi=(200, 200)) if fmt in ("png", "tiff", "jpeg") else img.save(path)
    [page] = drawinglab.load(path)
    assert page.image.dtype == np.uint8 and page.image.shape == (120, 200, 3)
    assert page.original_mode in (mode, "I;16B", "I;16L", "I", "L", "RGB", "P")
    gray = page.gray
    assert gray[60, 100] < 100 and gray[5, 5] > 200, "ink and paper must survive the conversion"
    if fmt in ("png", "tiff", "jpeg"):
        assert page.dpi == pytest.approx(200, abs=0.5)


def test_sixteen_bit_scaled_not_clipped(tmp_path):
    arr = np.full((50, 80), 60000, np.uint16)
    arr[10:40, 10:70] = 1000
    path = tmp_path / "deep.png"
    Image.fromarray(arr).save(path)
    [page] = drawinglab.load(path)
    assert page.gray[25, 40] == round(1000 * 255 / 65535)
    assert page.gray[2, 2] == round(60000 * 255 / 65535)


def test_rgba_transparency_goes_white(tmp_path):
    arr = np.zeros((50, 80, 4), np.uint8)
    arr[10:40, 10:70] = (0, 0, 0, 255)
    Image.fromarray(arr, "RGBA").save(tmp_path / "alpha.png")
    [page] = drawinglab.load(tmp_path / "alpha.png")
    assert tuple(page.image[2, 2]) == (255, 255, 255) and tuple(page.image[20, 20]) == (0, 0, 0)


def test_multipage_tiff(tmp_path):
    frames = [Image.fromarray(ink_image()), Image.fromarray(255 - ink_image()[..., 0] // 2)]
    frames[0].save(tmp_path / "multi.tif", save_all=True, append_images=frames[1:])
    pages = drawinglab.load(tmp_path / "multi.tif")
    assert [p.page_index for p in pages] == [0, 1]
    assert drawinglab.load(tmp_path / "multi.tif", pages=1)[0].page_index == 1


def test_numpy_arrays():
    for arr in (ink_image()[..., 0], ink_image(), np.dstack([ink_image(), np.full((120, 200), 255, np.uint8)]),
                ink_image()[..., 0].astype(np.float32) / 255, ink_image()[..., 0] > 128):
        [page] = drawinglab.load(arr)
        assert page.kind == "array" and page.image.shape == (120, 200, 3)
        assert page.gray[60, 100] < 100 and page.gray[5, 5] > 200
    with pytest.raises(errors.UnsupportedFormat, match="shape"):
        drawinglab.load(np.zeros((4, 4, 7), np.uint8))


def test_extension_lies_magic_wins(tmp_path):
    Image.fromarray(ink_image()).save(tmp_path / "actually_png.jpg", format="PNG")
    [page] = drawinglab.load(tmp_path / "actually_png.jpg")
    assert page.original_mode == "RGB"


# --------------------------------------------------------------------------- bad inputs

def test_missing_file():
    with pytest.raises(errors.InputNotFound, match="no_such.pdf.*no such file"):
        drawinglab.load("no_such.pdf")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(errors.InputNotFound, match="not a regular file"):
        drawinglab.load(tmp_path)


def test_unknown_format(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello, this is not a drawing")
    with pytest.raises(errors.UnsupportedFormat, match="notes.txt.*unknown format"):
        drawinglab.load(path)


def test_known_extension_bad_bytes(tmp_path):
    path = tmp_path / "fake.png"
    path.write_bytes(b"GIF89a but not really" * 10)
    with pytest.raises(errors.CorruptFile, match="fake.png.*not a valid PNG"):
        drawinglab.load(path)


def test_truncated_png(tmp_path):
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (300, 300, 3), dtype=np.uint8)).save(tmp_path / "full.png")
    data = (tmp_path / "full.png").read_bytes()
    (tmp_path / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.CorruptFile, match="cut.png"):
        drawinglab.load(tmp_path / "cut.png")


def test_empty_file(tmp_path):
    (tmp_path / "zero.pdf").write_bytes(b"")
    with pytest.raises(errors.EmptyDrawing, match="zero.pdf.*empty"):
        drawinglab.load(tmp_path / "zero.pdf")


def test_image_over_pixel_limit(tmp_path):
    Image.fromarray(ink_image()).save(tmp_path / "big.png")
    with pytest.raises(errors.TooLarge, match="big.png"):
        drawinglab.load(tmp_path / "big.png", max_pixels=10_000)


def test_bomb_beyond_pillow_guard_is_ours(tmp_path):
    # a 1-bit 20000x10000 PNG is tiny on disk but 200 MP decoded: refused before decoding
    Image.new("1", (20000, 10000), 1).save(tmp_path / "bomb.png")
    with pytest.raises(errors.TooLarge, match="bomb.png"):
        drawinglab.load(tmp_path / "bomb.png", max_pixels=100_000_000)


def test_blank_image(tmp_path):
    Image.new("L", (300, 200), 250).save(tmp_path / "blank.png")
    with pytest.raises(errors.EmptyDrawing, match="blank.png.*blank"):
        drawinglab.load(tmp_path / "blank.png")


def test_wrong_type():
    with pytest.raises(errors.UnsupportedFormat, match="int"):
        drawinglab.load(42)


def test_errors_share_one_base():
    for cls in (errors.UnsupportedFormat, errors.CorruptFile, errors.EncryptedPDF, errors.TooLarge,
                errors.EmptyDrawing, errors.InputNotFound):
        assert issubclass(cls, errors.DrawingLabError)


# --------------------------------------------------------------------------- CLI

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "drawinglab.cli", *args], capture_output=True, text=True)


def test_cli_ingest_writes_pages_and_json(sample_pdf, tmp_path):
    import json

    out = tmp_path / "out"
    result = run_cli("ingest", str(sample_pdf), "--dpi", "100", "--out", str(out))
    assert result.returncode == 0, result.stderr
    meta = json.loads((out / "plate_p1.json").read_text())
    assert (out / "plate_p1.png").exists()
    assert meta["dpi"] == 100 and any(s["text"] == "200" for s in meta["text_spans"])


def test_cli_bad_input_one_line_no_traceback(sample_pdf, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    result = run_cli("ingest", str(bad), str(sample_pdf), "--out", str(tmp_path / "o"), "--dpi", "50")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bad.png" in result.stderr
    assert (tmp_path / "o" / "plate_p1.png").exists(), "a bad file must not stop the batch"
    missing = run_cli("ingest", "missing.pdf", "--out", str(tmp_path / "o2"))
    assert missing.returncode == 1 and "missing.pdf: no such file" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_bundled_samples_load(sample_dir):
    files = sorted(sample_dir.iterdir())
    assert {f.suffix for f in files} >= {".pdf", ".png", ".jpg"}
    for f in files:
        if f.suffix in (".pdf", ".png", ".jpg"):
            assert drawinglab.load(f, dpi=72)
