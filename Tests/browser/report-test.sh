#!/usr/bin/env bash
# The report in a real browser (make report-test): writes the report of a fixed-seed run (two
# replications, a time series; in the French CSV dialect, which the report must read too) and
# of a merged sweep, then opens both in headless Chromium: no console error, every figure drawn,
# nothing fetched. Screenshots go to out/test-artifacts/ (git ignores out/).
set -euo pipefail
cd "$(dirname "$0")/../.."
KSCSIM=${KSCSIM:-.build/release/kscsim}
SUDO=$([ "$(id -u)" -eq 0 ] || echo sudo)
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    echo "report-test: installing chromium chromium-driver"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
work=$(mktemp -d /tmp/kscsim-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$KSCSIM" run Tests/Golden/small.yaml --replications 3 --timeseries 10m --csv-locale fr --out "$work/run" >/dev/null
"$KSCSIM" sweep Tests/spreadsheet/sweep.yaml --out "$work/sweep" --jobs 2 >/dev/null
"$KSCSIM" merge "$work/sweep" >/dev/null
"$KSCSIM" sweep Tests/browser/select.yaml --out "$work/select" --jobs 2 >/dev/null 2>&1
"$KSCSIM" run Tests/Scenarios/overloaded.yaml --set horizon=10h --set drain=1h --out "$work/overloaded" >/dev/null 2>&1
"$KSCSIM" report "$work/overloaded" >/dev/null
grep -q "The system was overloaded" "$work/overloaded/report.html" || { echo "report-test: the overloaded run's report does not say it was overloaded"; exit 1; }
"$KSCSIM" report "$work/run" >/dev/null
"$KSCSIM" report "$work/sweep" >/dev/null
"$KSCSIM" report "$work/select" >/dev/null
grep -q "<h2>The selection</h2>" "$work/select/report.html" || { echo "report-test: the selection's report has no selection section"; exit 1; }
# A comparison and a screening, reported without merging first.
"$KSCSIM" compare Tests/spreadsheet/sweep.yaml --set-b classes.roam.wakeReachable=0.9 --replications 3 --out "$work/compare" >/dev/null 2>&1
"$KSCSIM" screen Models/which-assumptions-matter.yaml --set horizon=2d --set drain=12h --trajectories 2 --out "$work/screen" >/dev/null 2>&1
"$KSCSIM" warmup Tests/Golden/small.yaml --replications 2 --out "$work/warmup" >/dev/null 2>&1
"$KSCSIM" report "$work/warmup" >/dev/null 2>&1
"$KSCSIM" report "$work/compare" >/dev/null 2>&1
"$KSCSIM" report "$work/screen" >/dev/null 2>&1
# Every report answers in words at the top, with units a person uses; n/a and unknown apart.
need() { grep -qE "$2" "$1/report.html" || { echo "report-test: $1/report.html lacks: $2"; exit 1; }; }
need "$work/run" '<p class="answer"><strong>Answer.</strong> Over 3 replications, half of the [0-9,]+ \(task, device\) pairs .* within [0-9.]+ (ms|s|min|h|d)'
need "$work/run" '>unknown'
need "$work/overloaded" '<p class="answer"><strong>Answer.</strong> .*The system was overloaded in'
need "$work/overloaded" 'title="outage_recovery_p95_s">[^<]*</span> <code class="raw">outage_recovery_p95_s</code></td><td><span class="num" title="[^"]*">n/a<'
need "$work/sweep" '<p class="answer"><strong>Answer.</strong> Across 4 points, the median latency goes from [0-9.]+ (ms|s|min|h) \(point [0-3]\)'
need "$work/select" '<p class="answer"><strong>Answer.</strong> (Chosen: point [0-9]+|No candidate)'
need "$work/compare" '<p class="answer"><strong>Answer.</strong> From A to B, the median latency (falls|rises) by'
need "$work/screen" '<p class="answer"><strong>Answer.</strong> .* depends most on '
need "$work/warmup" '<p class="answer"><strong>Answer.</strong> (A warm-up of at least|No warm-up is needed|No series settled)'
# One numbering: the chosen point of selection.md is a point of aggregate.csv (numbered from 0).
chosen=$(grep -oE 'Chosen: point [0-9]+' "$work/select/selection.md" | grep -oE '[0-9]+$' || true)
if [ -n "$chosen" ]; then
    cut -d, -f1 "$work/select/aggregate.csv" | tail -n +2 | tr -d '\r' | grep -qx "$chosen" || { echo "report-test: selection.md's point $chosen is not a point of aggregate.csv"; exit 1; }
    need "$work/select" "Chosen: point $chosen"
fi
python3 Tests/browser/check_report.py out/test-artifacts "$work/run/report.html" "$work/sweep/report.html" "$work/select/report.html" "$work/overloaded/report.html" "$work/compare/report.html" "$work/screen/report.html" "$work/warmup/report.html"
