"""Opens kscsim's CSV files as a spreadsheet does (LibreOffice headless, in English and in
French settings), converts them to .xlsx, reads the cells back and checks that every
column meant to be numeric holds numbers (an empty cell, an unknown value, is allowed).
Usage: python3 check.py KSCSIM WORKDIR; prints 'spreadsheet: N passed, M failed'."""
import os, re, subprocess, sys, zipfile, xml.etree.ElementTree as ET

kscsim, work = sys.argv[1], sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
TEXT = {"scenario", "class", "path", "task", "seed", "metric", "unit"}
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

def exact(csv, locale, text_columns=("seed",)):
    """Every number of the file as the spreadsheet holds it equals the number written to the 15
    significant digits a spreadsheet keeps, and every text column (the seed) keeps every character."""
    import csv as csvmodule
    sep = "," if locale == "en" else ";"
    with open(csv, encoding="utf-8-sig", newline="") as f:
        written = list(csvmodule.reader(f, delimiter=sep))
    rows = cells(convert(csv, locale))
    header = written[0]
    problems = []
    for r, line in enumerate(written[1:], start=1):
        sheet = rows[r] if r < len(rows) else {}
        for i, (name, value) in enumerate(zip(header, line)):
            kind, got = sheet.get(letters(i), ("n", None))
            if name in text_columns:
                if got != value:
                    problems.append(f"{os.path.basename(csv)} ({locale}) {name} row {r + 1}: {got!r} read for {value!r}")
                continue
            if value == "":
                continue
            try:
                number = float(value.replace(",", ".") if locale == "fr" else value)
            except ValueError:
                continue  # a text column (class, metric, unit)
            # A spreadsheet holds 15 significant digits (LibreOffice and Excel alike): the number
            # read back must be the written one to that precision.
            if kind != "n" or got is None or abs(float(got) - number) > 1e-14 * max(abs(number), 1e-300):
                problems.append(f"{os.path.basename(csv)} ({locale}) {name} row {r + 1}: {got!r} ({kind}) read for {value}")
    return problems

passed = failed = 0
os.makedirs(work, exist_ok=True)
def name(folder, file, locale):
    return os.path.join(folder, file if locale == "en" else file[:-4] + ".fr.csv")
def count(problems):
    global passed, failed
    if problems:
        failed += 1
        print("\n".join(problems[:5]))
    else:
        passed += 1
for locale in ("en", "fr"):
    out = os.path.join(work, "run-" + locale)
    run(kscsim, "run", os.path.join(root, "Tests/Golden/small.yaml"), "--replications", "2", "--csv-locale", locale, "--out", out)
    sweep = os.path.join(work, "sweep-" + locale)
    run(kscsim, "sweep", os.path.join(here, "sweep.yaml"), "--out", sweep, "--jobs", "2")
    run(kscsim, "merge", sweep, "--csv-locale", locale)
    for csv in (name(out, "summary.csv", locale), name(out, "aggregate.csv", locale), name(out, "latency.csv", locale),
                name(out, "reach.csv", locale), name(out, "metrics.csv", locale),
                name(sweep, "sweep.csv", locale), name(sweep, "aggregate.csv", locale), name(sweep, "metrics.csv", locale)):
        count(check(csv, locale))
    # metrics.csv: every number read back is the number written; summary.csv: the seed whole.
    count(exact(name(out, "metrics.csv", locale), locale) + exact(name(sweep, "metrics.csv", locale), locale))
    count(exact(name(out, "summary.csv", locale), locale))
# French copies are written beside the English files, never over them.
english = [open(os.path.join(work, d, f), encoding="utf-8").read() for d in ("run-en", "run-fr") for f in ("summary.csv",)]
count([] if english[0] == english[1] else ["summary.csv of the French run differs from the English run's"])
print(f"spreadsheet: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
