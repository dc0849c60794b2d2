"""The ``drawinglab`` command line: a thin layer over the Python API."""
from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .errors import DrawingLabError
from .ingest import expand_paths

log = logging.getLogger("drawinglab.cli")

def _progress(items: Sequence, desc: str):
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, unit="file", disable=len(items) < 2 or not sys.stderr.isatty())


# --------------------------------------------------------------------------- commands

def cmd_info(args: argparse.Namespace) -> int:
    from .backend import info

    data = info()
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print(f"drawinglab {data['drawinglab']}  (Python {data['python']}, {data['platform']})")
    print(f"default device: {data['device']}")
    gpu = data["gpu"]
    if gpu:
        print(f"GPU: {gpu['name']}  memory {gpu['used_bytes'] / 2**30:.2f} / {gpu['total_bytes'] / 2**30:.2f} GiB "
              f"(via {gpu['via']})")
    else:
        print("GPU: none usable (CPU only)")
    for name, version in data["packages"].items():
        print(f"  {name:<24}{version}")
    return 0


def ingest_file(path: Path, out: Path, dpi: float, pages=None, password: str | None = None) -> list[Path]:
    """Ingest one file: write a PNG and a JSON (metadata + text spans) per page; return the JSONs."""
    from ._io import write_image, write_json
    from .ingest import iter_pages

    written = []
    for page in iter_pages(path, dpi=dpi, pages=pages, password=password):
        png = write_image(out / f"{page.name}.png", page.image)
        meta = page.metadata() | {"image": png.name, "text_spans": [s.to_dict() for s in page.text_spans]}
        written.append(write_json(out / f"{page.name}.json", meta))
    return written


def cmd_ingest(args: argparse.Namespace) -> int:
    files = expand_paths(args.files)
    out = Path(args.out)
    failed = 0
    for path in _progress(files, "ingest"):
        try:
            written = ingest_file(path, out, args.dpi, args.pages, args.password)
            print(f"{path}: {len(written)} page(s) -> {out}")
        except DrawingLabError as exc:
            failed += 1
            print(f"drawinglab: error: {exc}", file=sys.stderr)
    if failed:
        print(f"drawinglab: {failed} of {len(files)} file(s) failed", file=sys.stderr)
    return 1 if failed else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from ._io import write_json
    from .bench import bench_detect, bench_preprocess, bench_read, bench_tolerance, format_table

    if args.what == "detect":
        result = bench_detect(repeats=args.repeats, device=args.device, image=args.image)
        print(f"detector on a {result['page'][0]}x{result['page'][1]} page ({result['tiles']} tiles at scale "
              f"{result['scale']}, {result['device']}): {result['predict_s']:.2f} s per page "
              f"({result['pages_per_hour']:.0f} pages/h); raw YOLO forward over the same tiles "
              f"{result['raw_forward_s']:.2f} s → ratio {result['ratio_to_raw']:.2f}x")
    elif args.what == "read":
        result = bench_read(repeats=args.repeats, image=args.image)
        low, high = result["read_s_range"]
        print(f"reader on a {result['page'][0]}x{result['page'][1]} page ({result['ocr_backend']}): "
              f"{result['read_s']:.2f} s per page, median of {result['repeats']} ({low:.2f}-{high:.2f} s; models loaded "
              f"in {result['model_load_s']:.2f} s, first read {result['first_read_s']:.2f} s) "
              f"({result['pages_per_hour']:.0f} pages/h, {result['texts']} texts, {result['dimensions']} dimensions); "
              f"RapidOCR's own one-call pipeline with the same models {result['baseline_s']:.2f} s "
              f"({result['baseline_texts']} texts) → ratio {result['ratio_to_baseline']:.2f}x")
    elif args.what == "tolerance":
        result = bench_tolerance(device=args.device)
        print(f"stack-up Monte Carlo on {result['device']}: {result['mc_samples_per_s'] / 1e6:.1f} M samples/s; "
              f"tolerance model {result['model_rows_per_s']:.0f} rows/s vs simulator "
              f"{result['simulator_rows_per_s']:.1f} rows/s ({result['model_speedup']:.0f}x)")
    if args.what != "preprocess":
        if args.json:
            write_json(args.json, result)
            print(f"wrote {args.json}")
        return 0
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise DrawingLabError(f"--size must look like 4961x3508, got {args.size!r}") from None
    result = bench_preprocess((width, height), repeats=args.repeats, device=args.device,
                              progress=lambda msg: log.info("timing %s", msg))
    print(format_table(result))
    if args.json:
        write_json(args.json, result)
        print(f"wrote {args.json}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    result = run_demo(Path(args.samples), Path(args.out), reports=not args.no_reports)
    s = result["summary"]
    print(f"demo: {result['n_pages']} page(s) from {result['n_files']} file(s), {result['n_failed']} failed; "
          f"median {s.get('median_page_s', 0):.2f} s per page")
    for key, path in result["outputs"].items():
        print(f"  {key:<14}{path}")
    return 1 if result["n_failed"] else 0


def cmd_synth(args: argparse.Namespace) -> int:
    from tqdm.auto import tqdm

    from .synth import write_dataset

    with tqdm(total=args.n, desc="synth", unit="drawing", disable=not sys.stderr.isatty()) as bar:
        manifest = write_dataset(args.out, args.n, seed=args.seed, sheet=args.sheet, dpi=args.dpi, style=args.style,
                                 workers=args.workers, progress=bar.update)
    print(f"wrote {manifest['n']} drawings to {args.out} in {manifest['wall_seconds']:.1f} s "
          f"({manifest['seconds_per_drawing']:.2f} s per drawing per worker)")
    for name, count in manifest["class_counts"].items():
        print(f"  {name:<20}{count}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from tqdm.auto import tqdm

    from .pipeline import Pipeline, PipelineConfig, summarize

    config = PipelineConfig.from_file(args.config) if args.config else PipelineConfig()
    if args.device:
        config.device = args.device
    if args.dpi:
        config.dpi = float(args.dpi)
    pipeline = Pipeline(config)
    files = expand_paths(args.inputs)
    if not files:
        raise DrawingLabError("no drawings found in " + ", ".join(args.inputs))
    with tqdm(total=len(files), desc="run", unit="drawing", disable=not sys.stderr.isatty()) as bar:
        results, failures = pipeline.run_many(files, out=args.out, progress=bar.update)
    summary = summarize(results)
    for r in results:
        print(f"{r.name}: {len(r.dimensions)} dimension(s) in {r.seconds:.2f} s -> {Path(args.out) / r.name}.json")
    for f in failures:
        print(f"drawinglab: error: {f['error']}", file=sys.stderr)
    if results:
        print(f"{len(results)} page(s), median {summary['median_page_s']:.2f} s per page, "
              f"{summary['pages_per_hour']:.0f} pages per hour; {len(failures)} failed")
    return 1 if failures else 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import coerce, run_report

    params = {key: coerce(value) for key, value in args.param or []}
    meta = run_report(args.name, params, args.out, show_code=args.show_code)
    print(f"{args.name}: {meta['html_path']} ({meta['seconds']:.0f} s); index: {Path(meta['out']) / 'index.html'}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from ._io import write_json
    from .evaluate import evaluate_reader, find_pairs
    from .read import ReaderConfig

    n = len(find_pairs(args.paths, args.gt))
    if n == 0:
        raise DrawingLabError("no drawing with a same-stem .json ground truth beside it in " + ", ".join(args.paths))
    config = ReaderConfig(det_side=args.det_side, min_text_px=args.min_text_px)
    pipeline = None
    if args.pipeline or args.config:
        from .pipeline import Pipeline, PipelineConfig

        settings = PipelineConfig.from_file(args.config) if args.config else PipelineConfig()
        settings.reader = {**settings.reader, "det_side": args.det_side, "min_text_px": args.min_text_px}
        pipeline = Pipeline(settings)
        config = pipeline.reader_config
    from tqdm.auto import tqdm

    with tqdm(total=n, desc="eval", unit="drawing", disable=not sys.stderr.isatty()) as bar:
        result = evaluate_reader(args.paths, args.gt, config, dpi=args.dpi, progress=bar.update, pipeline=pipeline)
    for d in result["drawings"]:
        e, s = d["edocr2"], d["strict"]
        print(f"{Path(d['drawing']).name:<32} eDOCr2 P {e['precision']:.3f} R {e['recall']:.3f} CER {e['cer']:.4f}"
              f" | strict P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} | {d['seconds']:.2f} s")
    e, s = result["pooled"]["edocr2"], result["pooled"]["strict"]
    print(f"OCR backend: {result['ocr_backend']}; models loaded in {result['model_load_s']:.2f} s and a generated "
          f"page read in {result['warm_up_s']:.2f} s before the first drawing's clock started")
    print(f"{'pooled':<32} eDOCr2 P {e['precision']:.3f} R {e['recall']:.3f} CER {e['cer']:.4f}"
          f" | strict P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f}"
          f" | {result['pooled']['seconds_per_drawing']:.2f} s/drawing")
    if "gdt" in result["pooled"]:
        g = result["pooled"]["gdt"]
        print(f"{'GD&T frames':<32} found {g['found']}/{g['frames']} ({g['frame_recall']:.3f}); of those symbol "
              f"{g['symbol_accuracy']:.3f}, tolerance {g['tolerance_accuracy']:.3f}, datums {g['datums_accuracy']:.3f}")
    if args.json:
        write_json(args.json, result)
        print(f"wrote {args.json}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    args.out = args.out or str(Path("runs") / args.what)
    if args.what == "detector":
        if not args.data:
            raise DrawingLabError("train detector needs --data (synthetic dataset folders from `drawinglab synth`)")
        return _train_detector(args)
    if args.what == "tolerance":
        return _train_tolerance(args)
    if args.what == "segmenter":
        if not args.data:
            raise DrawingLabError("train segmenter needs --data (synthetic dataset folders from `drawinglab synth`)")
        return _train_segmenter(args)
    if args.what == "box-classifier":
        if not args.data:
            raise DrawingLabError("train box-classifier needs --data "
                                  "(synthetic dataset folders from `drawinglab synth`)")
        return _train_box_classifier(args)
    if args.what == "gdt-symbols":
        if not args.data:
            raise DrawingLabError("train gdt-symbols needs --data (synthetic dataset folders from `drawinglab synth`)")
        return _train_gdt_symbols(args)
    raise DrawingLabError(f"unknown training target {args.what!r}")


def _train_box_classifier(args: argparse.Namespace) -> int:
    from tqdm.auto import tqdm

    from .detect.refine import box_samples, classifier_path, train_box_classifier

    train, val = _train_val(args, share=20)
    with tqdm(total=len(train) + len(val), desc="crops", unit="drawing", disable=not sys.stderr.isatty()) as bar:
        train_set = box_samples(train, seed=args.seed, progress=bar.update)
        val_set = box_samples(val, copies=0, seed=args.seed, progress=bar.update)
    card = train_box_classifier(train_set, val_set, args.out, epochs=args.epochs, batch=args.batch or 128,
                                seed=args.seed, device=args.device, hours=args.hours)
    print(f"{card['train_crops']} training crops, {card['val_crops']} validation crops; "
          f"validation accuracy {card['val_accuracy']:.3f}; wrote {classifier_path(args.out)}")
    return 0


def _train_gdt_symbols(args: argparse.Namespace) -> int:
    import numpy as np

    from .detect.dataset import find_ground_truth
    from .read.gdt_symbols import train_symbol_classifier

    out = Path(args.out)
    target = out if out.suffix == ".npz" else out / "gdt_symbols.npz"
    target.parent.mkdir(parents=True, exist_ok=True)
    classifier = train_symbol_classifier(find_ground_truth(args.data), target, seed=args.seed or 0)
    counts = np.bincount(classifier.labels, minlength=len(classifier.names))
    per_class = ", ".join(f"{n} {c}" for n, c in zip(classifier.names, counts))
    print(f"{len(classifier.labels)} symbol examples ({per_class}); wrote {target}")
    return 0


def _train_val(args: argparse.Namespace, share: int) -> tuple[list[Path], list[Path]]:
    """Synthetic drawings of ``--data`` for training and of ``--val`` for validation (default: the last
    1/``share`` of ``--data``)."""
    from .detect.dataset import find_ground_truth

    drawings = find_ground_truth(args.data)
    if args.val:
        return drawings, find_ground_truth(args.val)
    n_val = max(1, len(drawings) // share)
    return drawings[:-n_val] or drawings, drawings[-n_val:]


def _train_detector(args: argparse.Namespace) -> int:
    from .detect.dataset import build_tile_dataset
    from .detect.train import train_detector

    out = Path(args.out)
    yaml = Path(args.data[0]) / "data.yaml"
    if len(args.data) == 1 and yaml.exists() and (Path(args.data[0]) / "images" / "train").is_dir():
        data = yaml  # already a tile dataset
    else:
        train, val = _train_val(args, share=20)
        from tqdm.auto import tqdm

        with tqdm(total=len(train) + len(val), desc="tiles", unit="drawing", disable=not sys.stderr.isatty()) as bar:
            data = build_tile_dataset(train, val, out / "tiles", seed=args.seed, workers=args.workers,
                                      settings={"tile": args.imgsz}, progress=bar.update)
    if args.balance:
        from .detect.dataset import balance_tiles

        data = balance_tiles(data, seed=args.seed)
    extra = {"model": str(args.weights)} if args.weights else {}
    if args.lr0 is not None:
        extra["lr0"] = args.lr0
    weights = train_detector(data, out, epochs=args.epochs, imgsz=args.imgsz, device=args.device, seed=args.seed,
                             hours=args.hours, workers=args.workers, batch=args.batch, fraction=args.fraction,
                             **extra)
    print(f"wrote {weights} and {weights.with_suffix('.json')}")
    return 0


def _train_tolerance(args: argparse.Namespace) -> int:
    from .tolerance.model import read_measurements, simulate_rows, train

    if args.csv:
        frame = read_measurements(args.csv).sample(frac=1.0, random_state=args.seed).reset_index(drop=True)
        n_hold = max(1, len(frame) // 5)
        holdout, frame = frame.iloc[:n_hold], frame.iloc[n_hold:]
        print(f"{len(frame)} measured rows for training, {len(holdout)} held out")
    else:
        frame = simulate_rows(args.samples, seed=args.seed)
        holdout = simulate_rows(max(200, args.samples // 10), seed=args.seed + 1_000_003, parts=256)
        print(f"simulated {len(frame)} training rows (64 parts each) and {len(holdout)} held-out rows (256 parts)")
    card = train(frame, args.out, holdout=holdout, device=args.device, seed=args.seed)
    for target, m in card["targets"].items():
        print(f"  {target:<17} held-out R² {m['r2']:.3f}" + (f" (log10: {m['r2_log10']:.3f})" if "r2_log10" in m else ""))
    t = card["throughput"]
    print(f"  model {t['model_rows_per_s']:.0f} rows/s vs simulator {t['simulator_rows_per_s']:.1f} rows/s "
          f"({t['speedup']:.0f}x)")
    print(f"wrote {args.out}")
    return 0


def _train_segmenter(args: argparse.Namespace) -> int:
    from .segment.train import build_graphs, train_segmenter

    train, val = _train_val(args, share=10)
    from tqdm.auto import tqdm

    with tqdm(total=len(train) + len(val), desc="trace", unit="drawing", disable=not sys.stderr.isatty()) as bar:
        g_train = build_graphs(train, workers=args.workers, progress=bar.update, vector=args.vector)
        g_val = build_graphs(val, workers=args.workers, progress=bar.update, vector=args.vector)
    card = train_segmenter(g_train, g_val, args.out, epochs=args.epochs, seed=args.seed, device=args.device,
                           vector=args.vector)
    stem = "segmenter_vector" if args.vector else "segmenter"
    print(f"best validation stroke accuracy {card['best_val_accuracy']:.4f} after {card['epochs']} epochs "
          f"({card['train_seconds']:.0f} s); wrote {Path(args.out) / (stem + '.pt')}")
    return 0


def cmd_eval_segment(args: argparse.Namespace) -> int:
    from ._io import write_json
    from .segment import Segmenter
    from .segment.evaluate import evaluate_segmenter

    segmenter = Segmenter(args.weights, device=args.device, vector_weights=args.vector_weights)
    result = evaluate_segmenter(args.paths, segmenter, source=args.source)
    if "synth" in result:
        m = result["synth"]
        print(f"synthetic ({m['pages']} pages, {m['strokes']} strokes): accuracy 4-class {m['accuracy_4']:.4f}, "
              f"3-class {m['accuracy_3']:.4f}")
        for view in ("4", "3"):
            f1 = ", ".join(f"{k} {v['f1']:.3f}" for k, v in m[f"f1_{view}"].items())
            print(f"  {view}-class F1: {f1}")
            if f"pixel_iou_{view}" in m:
                iou = ", ".join(f"{k} {v:.3f}" for k, v in m[f"pixel_iou_{view}"].items())
                print(f"  {view}-class pixel IoU: {iou}")
    if "pdf" in result:
        m = result["pdf"]
        print(f"vector PDFs ({len(m['pages'])} pages), text-layer spans inside the frame: lettering (text or "
              f"dimension) recall {m['lettering_recall']:.3f}, text recall of non-dimension spans "
              f"{m['text_recall']:.3f} (less single letters, signs, fits, deviations: {m['text_recall_words']:.3f}); "
              f"zone markers classed other {m['border_other']:.3f}")
    if result["seconds_per_page"] is not None:
        print(f"{result['seconds_per_page']:.2f} s per page")
    if args.json:
        write_json(args.json, result)
        print(f"wrote {args.json}")
    return 0


def cmd_stackup(args: argparse.Namespace) -> int:
    from .tolerance.stackup import stackup

    spec = tuple(args.spec) if args.spec else None
    result = stackup(args.dims, method=args.method, samples=args.samples, distribution=args.dist, spec=spec,
                     device=args.device, seed=args.seed, general=args.general)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"nominal {result['nominal']:+.4f} from {len(result['links'])} dimensions")
    if "worst_case" in result:
        r = result["worst_case"]
        print(f"worst case  {r['mid']:+.4f} ± {r['plus']:.4f}   [{r['lower']:+.4f}, {r['upper']:+.4f}]")
    if "rss" in result:
        r = result["rss"]
        print(f"RSS         {r['mid']:+.4f} ± {r['plus']:.4f}   [{r['lower']:+.4f}, {r['upper']:+.4f}]  σ {r['sigma']:.5f}")
    if "monte_carlo" in result:
        r = result["monte_carlo"]
        print(f"Monte Carlo {r['distribution']}, {r['samples']:,} samples on {r['device']}: mean {r['mean']:+.4f}, "
              f"σ {r['std']:.5f}, 0.135–99.865 % [{r['q00135']:+.4f}, {r['q99865']:+.4f}]")
        print(f"            spec [{r['spec'][0]:+.4f}, {r['spec'][1]:+.4f}]: yield {100 * r['yield']:.4f} %, "
              f"{r['ppm_outside']:.0f} ppm outside; {r['samples_per_second'] / 1e6:.1f} M samples/s")
    return 0


def cmd_eval_detect(args: argparse.Namespace) -> int:
    from ._io import write_json
    from .detect import Detector
    from .detect.evaluate import evaluate_detector
    from .evaluate import find_pairs

    n = len(find_pairs(args.paths, "any"))
    if n == 0:
        raise DrawingLabError("no drawing with a same-stem .json ground truth beside it in " + ", ".join(args.paths))
    detector = Detector(args.weights, device=args.device, classifier=None if args.no_classifier else args.classifier,
                        text_score=args.text_score)
    from tqdm.auto import tqdm

    with tqdm(total=n, desc="eval-detect", unit="drawing", disable=not sys.stderr.isatty()) as bar:
        result = evaluate_detector(args.paths, detector, conf=args.conf, iou=args.iou, progress=bar.update)
    if "synth" in result:
        m = result["synth"]
        print(f"synthetic ({m['pages']} pages): mAP50 {m['map50']:.3f}  mAP50-95 {m['map50_95']:.3f}")
        print(f"  {'class':<18} {'n_gt':>5} {'P':>6} {'R':>6} {'AP50':>6}")
        for name, row in m["per_class"].items():
            if row["n_gt"]:
                print(f"  {name:<18} {row['n_gt']:>5} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['ap50']:>6.3f}")
    if "edocr2" in result:
        m = result["edocr2"]
        recall = "n/a" if m["recall"] is None else f"{m['recall']:.3f}"
        precision = "n/a" if m["precision"] is None else f"{m['precision']:.3f}"
        print(f"eDOCr2 labels: dimension-box recall {recall} ({m['found']}/{m['gt_dimensions']}), "
              f"precision {precision} at IoU {m['iou']}")
    if result["seconds_per_page"] is not None:
        print(f"{result['seconds_per_page']:.2f} s per page on {result['device']}")
    for failure in result["failures"]:
        print(f"failed: {failure['source']}: {failure['error']}", file=sys.stderr)
    if args.json:
        write_json(args.json, result)
        print(f"wrote {args.json}")
    return 0


def cmd_parse(args: argparse.Namespace) -> int:
    from .dimensions import parse_to_record

    texts: Iterable[str]
    if args.texts == ["-"]:
        texts = (line.rstrip("\n") for line in sys.stdin)
    else:
        texts = args.texts
    write = sys.stdout.write
    bad = 0
    for text in texts:
        record = parse_to_record(text, general=args.general)
        bad += not record["ok"]
        if args.json:
            write(json.dumps(record, ensure_ascii=False) + "\n")
        elif record["ok"]:
            write(f"{text!r}: {record['canonical']}  [{record['kind']}] {record['lower']} .. {record['upper']}\n")
        else:
            write(f"{text!r}: not a dimension ({record['error']})\n")
    return 0 if args.json or not bad else 1


def cmd_fit(args: argparse.Namespace) -> int:
    from .dimensions import fit_record

    record = fit_record(args.fit)
    if args.json:
        print(json.dumps(record, ensure_ascii=False))
    else:
        for key, value in record.items():
            print(f"{key:<16}{value}")
    return 0


# --------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="drawinglab", description=__doc__)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    parser.add_argument("--ocr-backend", choices=["openvino", "openvino-f32", "onnxruntime"], default=None,
                        help="what runs the OCR models (default: $DRAWINGLAB_OCR_BACKEND, else openvino on CPUs "
                             "where it runs bfloat16, onnxruntime elsewhere; openvino-f32 and onnxruntime hold "
                             "float32)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("info", help="versions, device, GPU memory")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("ingest", help="rasterise drawings; write page PNGs and JSON metadata")
    p.add_argument("files", nargs="+", help="PDFs, images, or folders of them")
    p.add_argument("--dpi", type=float, default=300)
    p.add_argument("--out", required=True)
    p.add_argument("--pages", type=lambda s: [int(v) - 1 for v in s.split(",")], default=None,
                   help="1-based page numbers, comma-separated (default: all)")
    p.add_argument("--password", default=None, help="password for encrypted PDFs")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("bench", help="benchmarks (preprocess, detect, read, tolerance)")
    p.add_argument("what", choices=["preprocess", "detect", "read", "tolerance"])
    p.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N")
    p.add_argument("--size", default="4961x3508", help="WxH of the synthetic page (default A3 at 300 dpi)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--image", default=None, help="detect, read: time this drawing instead of a synthetic A3 scan")
    p.add_argument("--json", default=None, help="also write the figures to this JSON file")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("demo", help="the main job on bundled samples")
    p.add_argument("--samples", default="data/samples")
    p.add_argument("--out", default="reports")
    p.add_argument("--no-reports", action="store_true", help="skip the benchmark and scorecard notebooks")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("synth", help="generate synthetic drawings with exact ground truth")
    p.add_argument("--n", type=int, required=True, help="number of drawings")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--sheet", choices=["A4", "A3", "A2"], default="A3")
    p.add_argument("--dpi", type=float, default=300)
    p.add_argument("--style", choices=["clean", "scan", "mixed"], default="mixed")
    p.add_argument("--workers", type=int, default=1, help="worker processes")
    p.set_defaults(func=cmd_synth)

    p = sub.add_parser("run", help="run the pipeline; per page JSON, CSV and overlay PNG")
    p.add_argument("inputs", nargs="+", help="drawings or folders of drawings")
    p.add_argument("--out", required=True)
    p.add_argument("--config", default=None, help="pipeline config JSON (see drawinglab.pipeline.PipelineConfig)")
    p.add_argument("--device", default=None, help="cpu, cuda or cuda:N (preprocessing)")
    p.add_argument("--dpi", type=float, default=None, help="rasterisation of PDFs (default from config: 300)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("report", help="execute a notebook with papermill and export HTML")
    p.add_argument("name", choices=["explore", "benchmark", "scorecard"])
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("KEY", "VALUE"),
                   help="notebook parameter (JSON values parse: numbers, true/false, lists)")
    p.add_argument("--out", default="reports")
    p.add_argument("--show-code", action="store_true", help="keep the input cells in the HTML")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("eval", help="evaluate the reader against ground truth (eDOCr2-compatible and strict)")
    p.add_argument("paths", nargs="+", help="drawings with a same-stem .json beside them, or folders of them")
    p.add_argument("--gt", choices=["edocr2", "synth"], required=True)
    p.add_argument("--json", default=None)
    p.add_argument("--dpi", type=float, default=300, help="rasterisation of PDFs")
    p.add_argument("--det-side", type=int, default=2048, help="text detector resolution (longest side)")
    p.add_argument("--min-text-px", type=float, default=0.0,
                   help="look again at a larger size where the page's lettering is smaller than this at the "
                        "detector, e.g. 16 (default 0: one look only)")
    p.add_argument("--pipeline", action="store_true",
                   help="score the pipeline's table (reader joined with the detector), not the reader alone")
    p.add_argument("--config", default=None, help="with --pipeline: pipeline config JSON (implies --pipeline)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("train", help="train a model: detector (YOLO), box-classifier (its second look at text "
                                     "boxes), tolerance (XGBoost), segmenter (GraphSAGE) or gdt-symbols")
    p.add_argument("what", choices=["detector", "box-classifier", "tolerance", "segmenter", "gdt-symbols"])
    p.add_argument("--data", nargs="+", default=None,
                   help="detector: synthetic dataset folders (or a tile dataset with data.yaml)")
    p.add_argument("--val", nargs="+", default=None, help="detector: validation drawings (default: last 5%%)")
    p.add_argument("--csv", default=None, help="tolerance: your own measurements (see docs/tolerance.md)")
    p.add_argument("--out", default=None, help="output folder (default: runs/<what>)")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--hours", type=float, default=None, help="detector, box-classifier: stop after this many hours")
    p.add_argument("--imgsz", type=int, default=640, help="detector: tile size")
    p.add_argument("--batch", type=int, default=None)
    p.add_argument("--fraction", type=float, default=1.0, help="detector: fraction of the tiles to use")
    p.add_argument("--balance", action="store_true",
                   help="detector: repeat tiles of rare classes, thin out tiles of notes only")
    p.add_argument("--weights", default=None, help="detector: continue training from these weights (.pt)")
    p.add_argument("--lr0", type=float, default=None, help="detector: initial learning rate")
    p.add_argument("--vector", action="store_true",
                   help="segmenter: train on the drawings' vector PDFs (DATASET/pdf) instead of their rasters")
    p.add_argument("--samples", type=int, default=20000, help="tolerance: simulated training rows")
    p.add_argument("--device", default="auto")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=2)
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("stackup", help="tolerance stack-up: worst case, RSS, Monte Carlo")
    p.add_argument("dims", nargs="+", help='signed dimensions, e.g. "10±0.1" "20 +0.2 -0.1" "-30±0.1"')
    p.add_argument("--method", choices=["wc", "rss", "mc", "all"], default="all")
    p.add_argument("--samples", type=int, default=1_000_000)
    p.add_argument("--dist", choices=["normal", "uniform", "truncnorm"], default="normal")
    p.add_argument("--spec", nargs=2, type=float, metavar=("LOWER", "UPPER"), default=None,
                   help="limits of the closing dimension for yield/ppm (default: the RSS limits)")
    p.add_argument("--general", choices=["f", "m", "c", "v"], default=None,
                   help="ISO 2768-1 class for dimensions without a tolerance")
    p.add_argument("--device", default="cpu")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stackup)

    p = sub.add_parser("eval-segment", help="evaluate the segmenter: stroke accuracy/F1, pixel IoU, PDF text recall")
    p.add_argument("paths", nargs="+", help="synthetic drawings with ground truth beside them, vector PDFs, folders")
    p.add_argument("--weights", default=None, help="segmenter weights (default: shipped)")
    p.add_argument("--vector-weights", default=None, help="vector-PDF segmenter weights (default: shipped)")
    p.add_argument("--source", choices=["auto", "raster", "vector"], default="auto",
                   help="auto: synthetic rasters traced, PDFs from their vector layer; vector: synthetic "
                        "drawings from their PDFs too; raster: every input traced from its raster")
    p.add_argument("--device", default="auto")
    p.add_argument("--json", default=None)
    p.set_defaults(func=cmd_eval_segment)

    p = sub.add_parser("eval-detect", help="evaluate the detector: mAP on synthetic, dimension-box recall on eDOCr2")
    p.add_argument("paths", nargs="+", help="drawings with a same-stem .json beside them, or folders of them")
    p.add_argument("--weights", default=None, help="detector weights (default: shipped)")
    p.add_argument("--classifier", default="default", help="box classifier weights (default: shipped)")
    p.add_argument("--no-classifier", action="store_true", help="YOLO's classes alone, no second look")
    p.add_argument("--text-score", choices=["union", "max"], default="union",
                   help="a text box's detection confidence: union of YOLO's text-class scores, or their max")
    p.add_argument("--conf", type=float, default=0.35)
    p.add_argument("--iou", type=float, default=0.45)
    p.add_argument("--device", default="auto")
    p.add_argument("--json", default=None)
    p.set_defaults(func=cmd_eval_detect)

    p = sub.add_parser("parse", help="parse dimension texts into values (JSON lines with --json)")
    p.add_argument("texts", nargs="+", help="texts, or - to read one per line from stdin")
    p.add_argument("--general", choices=["f", "m", "c", "v"], default=None,
                   help="ISO 2768-1 class applied to dimensions without a tolerance")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("fit", help="limits and clearance of an ISO 286 fit, e.g. '⌀25 H7/g6'")
    p.add_argument("fit")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fit)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["stackup"]:  # "-30±0.1" is a subtracted dimension, not an option
        argv = [("\u2212" + a[1:]) if len(a) > 1 and a[0] == "-" and (a[1].isdigit() or a[1] in ".⌀Ø") else a
                for a in argv]
    args = parser.parse_args(argv)
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if args.ocr_backend:
        from .read.ocr import set_backend

        set_backend(args.ocr_backend)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except DrawingLabError as exc:
        print(f"drawinglab: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("drawinglab: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
