#!/usr/bin/env bash
# GPU checks and benchmarks in one go, for a machine with an NVIDIA GPU, CuPy and CUDA torch already
# installed (run from the repository root). Packages that machine lacks may sit as wheels in .whl/
# (ultralytics, ultralytics-thop, xgboost-cpu); they are installed to /tmp/site first.
# Writes its log and the benchmarks' JSON to $OUT (default reports/gpu_check/).
set -u
OUT=${OUT:-reports/gpu_check}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
if compgen -G ".whl/*.whl" >/dev/null; then
    python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl \
        || exit 1
    export PYTHONPATH=/tmp/site:$PWD
else
    export PYTHONPATH=$PWD
fi
page=data/samples/sample_a3_scan_2.jpg
run() { echo "\$ $*"; "$@"; echo "(exit $?)"; }
{
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv
    run python3 -m drawinglab.cli info
    run python3 -m pytest -q -p no:cacheprovider -rs -k cuda \
        tests/test_backend.py tests/test_preprocess.py tests/test_tolerance.py tests/test_detect.py
    run python3 -m drawinglab.cli bench preprocess --device cuda --repeats 5 --json "$OUT/preprocess_cuda.json"
    run python3 -m drawinglab.cli bench tolerance --device cuda --json "$OUT/tolerance_cuda.json"
    run python3 -m drawinglab.cli bench tolerance --device cpu --json "$OUT/tolerance_cpu.json"
    run python3 -m drawinglab.cli bench detect --device cuda --repeats 5 --image $page --json "$OUT/detect_cuda.json"
    run python3 -m drawinglab.cli bench detect --device cpu --repeats 3 --image $page --json "$OUT/detect_cpu.json"
    run python3 -m drawinglab.cli bench detect --device cuda --repeats 5 --json "$OUT/detect_cuda_synth.json" \
        2>&1 | tail -2   # needs PyMuPDF for the synthetic page; fails cleanly where it is missing
} 2>&1 | tee "$OUT/log.txt"
