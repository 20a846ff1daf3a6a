"""Opens kscsim's CSV files as a spreadsheet does (LibreOffice headless, in English and in
French settings), converts them to .xlsx, reads the cells back and checks that every
column meant to be numeric holds numbers (an empty cell, an unknown value, is allowed).
Usage: python3 check.py KSCSIM WORKDIR; prints 'spreadsheet: N passed, M failed'."""
import os, re, subprocess, sys, zipfile, xml.etree.ElementTree as ET

kscsim, work = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
TEXT = {"scenario", "class", "path", "task"}
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def convert(csv, locale):
    sep, lang = (44, 1033) if locale == "en" else (59, 1036)
    out = os.path.join(os.path.dirname(csv), "xlsx-" + locale)
    os.makedirs(out, exist_ok=True)
    run("soffice", "--headless", f"-env:UserInstallation=file://{work}/lo-profile", f"--infilter=CSV:{sep},34,76,1,,{lang}",
        "--convert-to", "xlsx", "--outdir", out, csv)
    return os.path.join(out, os.path.basename(csv)[:-4] + ".xlsx")

def cells(xlsx):
    """Rows of (column letter -> (type, value))."""
    with zipfile.ZipFile(xlsx) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.iter("{%s}row" % NS["m"]):
        cells = {}
        for c in row.findall("m:c", NS):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            v = c.find("m:v", NS)
            kind = c.get("t", "n")
            value = None if v is None else v.text
            if kind == "s" and value is not None:
                value = shared[int(value)]
            cells[col] = (kind, value)
        rows.append(cells)
    return rows

def letters(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s

def check(csv, locale):
    rows = cells(convert(csv, locale))
    header = [rows[0].get(letters(i), ("s", ""))[1] for i in range(len(rows[0]))]
    problems = []
    durations = {h[:-2] for h in header if h and h.endswith("_s") and h[:-2] in header}
    for i, name in enumerate(header):
        if name in TEXT or name in durations or name.startswith("server.outages"):
            continue
        for r, row in enumerate(rows[1:], start=2):
            kind, value = row.get(letters(i), ("n", None))
            if value is None:
                continue
            if kind not in ("n",):
                problems.append(f"{os.path.basename(csv)} ({locale}) {name} row {r}: {value!r} is {kind}, not a number")
    return problems

passed = failed = 0
os.makedirs(work, exist_ok=True)
for locale in ("en", "fr"):
    out = os.path.join(work, "run-" + locale)
    run(kscsim, "run", os.path.join(root, "Tests/Golden/small.yaml"), "--replications", "2", "--csv-locale", locale, "--out", out)
    sweep = os.path.join(work, "sweep-" + locale)
    run(kscsim, "sweep", os.path.join(here, "sweep.yaml"), "--out", sweep, "--jobs", "2")
    run(kscsim, "merge", sweep, "--csv-locale", locale)
    for csv in (os.path.join(out, "summary.csv"), os.path.join(out, "aggregate.csv"), os.path.join(out, "latency.csv"),
                os.path.join(out, "reach.csv"),
                os.path.join(sweep, "sweep.csv"), os.path.join(sweep, "aggregate.csv")):
        problems = check(csv, locale)
        if problems:
            failed += 1
            print("\n".join(problems[:5]))
        else:
            passed += 1
print(f"spreadsheet: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
