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
python3 Tests/browser/check_report.py out/test-artifacts "$work/run/report.html" "$work/sweep/report.html" "$work/select/report.html" "$work/overloaded/report.html"
