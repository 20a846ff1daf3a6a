#!/usr/bin/env bash
# Reruns every reference study into OUT/<study>/ and executes the notebooks on them.
#   bash Notebooks/make-results.sh OUT           # `make results`: OUT = Results (committed)
#   bash Notebooks/make-results.sh OUT --small   # `make notebooks-test`: 2 replications, 2-day default run
# Figures (PNG), answers (answer.md) and an HTML report (kscsim report) go beside the results.
# Into Results/, the executed notebooks replace Notebooks/*.ipynb (with their outputs, made
# byte-deterministic by normalize.py), so a notebook opened on GitHub or in Jupyter shows its
# figures. Anywhere else they go to a temporary folder, and --small also checks that the latency
# explorer runs kscsim itself when its files are missing (a fresh clone) and that executing a
# notebook twice gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: make-results.sh OUT [--small]}
SMALL=${2:-}
KSCSIM=.build/release/kscsim
PY=Notebooks/.venv/bin/python
SWEEPS="wake-port-15000 permanent-cap sync-interval monday-storm server-outage shutdown-notices direct-or-gateway remote-offices hierarchy choose-configuration phones-and-computers database-update-storm roll-out"
SCREENS="which-assumptions-matter"
STUDIES="$SWEEPS $SCREENS"
EXTRA=()
SELECT_EXTRA=()
SCREEN_EXTRA=()
DEFAULT_EXTRA=()
if [ "$SMALL" = "--small" ]; then
    EXTRA=(--set sweep.replications=2)
    SELECT_EXTRA=(--set sweep.replications=4 --set sweep.select.firstStage=3)
    SCREEN_EXTRA=(--trajectories 2)
    DEFAULT_EXTRA=(--set horizon=2d --set drain=6h)
fi
EXECUTED=$(mktemp -d)
trap 'rm -rf "$EXECUTED"' EXIT
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
COMMITTED=""
[ "$OUT" = "$(pwd)/Results" ] && COMMITTED=yes

for study in $SWEEPS; do
    echo "== $study"
    rm -rf "${OUT:?}/$study"
    if grep -q '^  select:' "Models/$study.yaml"; then
        # A selection: its rounds run to the end and merge by themselves.
        "$KSCSIM" sweep "Models/$study.yaml" --out "$OUT/$study" "${SELECT_EXTRA[@]}" >/dev/null 2>&1
    else
        "$KSCSIM" sweep "Models/$study.yaml" --out "$OUT/$study" "${EXTRA[@]}" 2>/dev/null
        "$KSCSIM" merge "$OUT/$study" >/dev/null
    fi
    rm -rf "$OUT/$study/runs" "$OUT/$study/rounds"
done
for study in $SCREENS; do
    echo "== $study (screening)"
    rm -rf "${OUT:?}/$study"
    "$KSCSIM" screen "Models/$study.yaml" --out "$OUT/$study" "${SCREEN_EXTRA[@]}" >/dev/null 2>&1
    "$KSCSIM" merge "$OUT/$study" >/dev/null
    rm -rf "$OUT/$study/runs"
done
echo "== default (latency explorer)"
rm -f "$OUT/default/deliveries.csv" "$OUT/default/timeseries.csv"
"$KSCSIM" run --out "$OUT/default" --deliveries --timeseries 10m "${DEFAULT_EXTRA[@]}" >/dev/null 2>&1
for folder in $STUDIES default; do
    "$KSCSIM" report "$OUT/$folder" >/dev/null
done

for study in $STUDIES latency-explorer; do
    folder=$study
    [ "$study" = latency-explorer ] && folder=default
    echo "== notebook $study"
    # Into Results/ the notebooks' own defaults (../Results/<study>) are the folders: no parameter.
    PARAMS=()
    [ -z "$COMMITTED" ] && PARAMS=(-p results "$OUT/$folder" -p generated "$OUT/generated")
    "$PY" -m papermill --cwd Notebooks --no-progress-bar "${PARAMS[@]}" \
        "Notebooks/$study.ipynb" "$EXECUTED/$study.ipynb" >/dev/null 2>"$EXECUTED/$study.log" || {
        cat "$EXECUTED/$study.log"; echo "notebook $study failed"; exit 1; }
    [ -n "$COMMITTED" ] && "$PY" Notebooks/normalize.py "$EXECUTED/$study.ipynb" "Notebooks/$study.ipynb"
    sed 's/^/   /' "$OUT/$folder/answer.md"
done
count=$(echo $STUDIES latency-explorer | wc -w)

if [ "$SMALL" = "--small" ]; then
    echo "== latency explorer on a fresh clone (no deliveries.csv): it runs kscsim itself"
    "$PY" -m papermill --cwd Notebooks --no-progress-bar -p results "$OUT/missing" -p generated "$OUT/fresh" \
        Notebooks/latency-explorer.ipynb "$EXECUTED/fresh.ipynb" >/dev/null 2>"$EXECUTED/fresh.log" || {
        cat "$EXECUTED/fresh.log"; echo "notebook latency-explorer failed on a fresh folder"; exit 1; }
    [ -s "$OUT/fresh/deliveries.csv" ] && [ -s "$OUT/fresh/answer.md" ] || { echo "the explorer did not produce its data"; exit 1; }
    count=$((count + 1))
    echo "== executing a notebook twice gives the same bytes"
    for i in 1 2; do
        "$PY" -m papermill --cwd Notebooks --no-progress-bar -p results "$OUT/sync-interval" \
            Notebooks/sync-interval.ipynb "$EXECUTED/twice-$i.ipynb" >/dev/null 2>&1
        "$PY" Notebooks/normalize.py "$EXECUTED/twice-$i.ipynb" "$EXECUTED/twice-$i.ipynb"
    done
    cmp "$EXECUTED/twice-1.ipynb" "$EXECUTED/twice-2.ipynb" || { echo "executed notebooks differ"; exit 1; }
    count=$((count + 1))
    echo "== committed notebooks carry their outputs and figures, and no timings"
    "$PY" - $STUDIES latency-explorer <<'PYEOF' || exit 1
import json, sys
for name in sys.argv[1:]:
    nb = json.load(open(f"Notebooks/{name}.ipynb", encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    images = sum("image/png" in o.get("data", {}) for c in code for o in c.get("outputs", []))
    timed = "papermill" in nb["metadata"] or any("papermill" in c["metadata"] or "execution" in c["metadata"] for c in nb["cells"])
    # A warning on stderr names a temporary file of the kernel: it would change every run.
    warned = any(o.get("name") == "stderr" for c in code for o in c.get("outputs", []))
    if images == 0 or any(c.get("execution_count") is None for c in code) or timed or warned:
        sys.exit(f"Notebooks/{name}.ipynb: {images} figures, unexecuted cells, timings or warnings: fix them and run make results")
    print(f"   {name}: {images} figures inline")
PYEOF
    count=$((count + 1))
fi
echo "notebooks: $count passed, 0 failed"
