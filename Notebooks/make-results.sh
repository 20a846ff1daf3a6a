#!/usr/bin/env bash
# Reruns every reference study into OUT/<study>/ and executes the notebooks on them.
#   bash Notebooks/make-results.sh OUT           # `make results`: OUT = Results (committed)
#   bash Notebooks/make-results.sh OUT --small   # `make notebooks-test`: 2 replications, 2-day default run
# Executed notebooks go to a temporary folder (they hold timestamps); figures (PNG) and
# answers (answer.md) go beside the results.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:?usage: make-results.sh OUT [--small]}
SMALL=${2:-}
KSCSIM=.build/release/kscsim
PY=Notebooks/.venv/bin/python
STUDIES="wake-port-15000 permanent-cap sync-interval monday-storm server-outage shutdown-notices"
EXTRA=()
DEFAULT_EXTRA=()
if [ "$SMALL" = "--small" ]; then
    EXTRA=(--set sweep.replications=2)
    DEFAULT_EXTRA=(--set horizon=2d --set drain=6h)
fi
EXECUTED=$(mktemp -d)
trap 'rm -rf "$EXECUTED"' EXIT
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for study in $STUDIES; do
    echo "== $study"
    rm -rf "${OUT:?}/$study"
    "$KSCSIM" sweep "Models/$study.yaml" --out "$OUT/$study" "${EXTRA[@]}" 2>/dev/null
    "$KSCSIM" merge "$OUT/$study" >/dev/null
    rm -rf "$OUT/$study/runs"
done
echo "== default (latency explorer)"
rm -f "$OUT/default/deliveries.csv" "$OUT/default/timeseries.csv"
"$KSCSIM" run --out "$OUT/default" --deliveries --timeseries 10m "${DEFAULT_EXTRA[@]}" >/dev/null 2>&1

for study in $STUDIES latency-explorer; do
    folder=$study
    [ "$study" = latency-explorer ] && folder=default
    echo "== notebook $study"
    "$PY" -m papermill --cwd Notebooks --no-progress-bar -p results "$OUT/$folder" \
        "Notebooks/$study.ipynb" "$EXECUTED/$study.ipynb" >/dev/null 2>"$EXECUTED/$study.log" || {
        cat "$EXECUTED/$study.log"; echo "notebook $study failed"; exit 1; }
    sed 's/^/   /' "$OUT/$folder/answer.md"
done
echo "notebooks: $(echo $STUDIES latency-explorer | wc -w) passed, 0 failed"
