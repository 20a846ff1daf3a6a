#!/usr/bin/env python3
"""Opens kscsim reports in a real browser (headless Chromium through chromedriver, spoken to
over the W3C WebDriver protocol with the standard library only) and checks what a person
would see: the page loads, the browser logs no console error, every figure rendered (a
non-empty bounding box and drawn lines or points), and the page fetches nothing. Saves a
full-page screenshot of each report as a test artifact.

Usage: check_report.py ARTIFACT_DIR REPORT.html [REPORT.html ...]
"""
import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"report: ok: {what}")
    else:
        failed += 1
        print(f"report: FAILED: {what}")


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read().decode() or "{}").get("value")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FIGURES_JS = """
return Array.from(document.querySelectorAll('svg.figure')).map(function (svg) {
  var r = svg.getBoundingClientRect();
  return {id: svg.id, width: r.width, height: r.height,
          marks: svg.querySelectorAll('polyline, circle, path.errorbar').length,
          title: (svg.querySelector('title') || {}).textContent || ''};
});
"""


def main():
    artifacts, reports = sys.argv[1], sys.argv[2:]
    os.makedirs(artifacts, exist_ok=True)
    for report in reports:
        html = open(report, encoding="utf-8").read()
        external = re.findall(r'(?:src|href)\s*=\s*"(?!#)[^"]*"|<script|<link|@import|url\(', html)
        check(not external, f"{os.path.basename(os.path.dirname(report))}: the page references no script, style sheet or file ({external[:3]})")
    port = free_port()
    driver = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                            "--window-size=1200,900", "--hide-scrollbars"]},
            "goog:loggingPrefs": {"browser": "ALL"}}}}
        session = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        for report in reports:
            name = os.path.basename(os.path.dirname(os.path.abspath(report)))
            call(base, "POST", s + "/url", {"url": "file://" + os.path.abspath(report)})
            ready = call(base, "POST", s + "/execute/sync", {"script": "return document.readyState", "args": []})
            check(ready == "complete", f"{name}: the page loaded ({ready})")
            figures = call(base, "POST", s + "/execute/sync", {"script": FIGURES_JS, "args": []})
            check(len(figures) > 0, f"{name}: {len(figures)} figures")
            for f in figures:
                check(f["width"] > 100 and f["height"] > 100 and f["marks"] > 0,
                      f"{name}: figure {f['id']} ({f['title']}) rendered {f['width']:.0f}x{f['height']:.0f} px with {f['marks']} marks")
            logs = call(base, "POST", s + "/se/log", {"type": "browser"}) or []
            errors = [e for e in logs if e.get("level") == "SEVERE"]
            check(not errors, f"{name}: no console error ({[e.get('message') for e in errors][:3]})")
            height = call(base, "POST", s + "/execute/sync", {"script": "return document.documentElement.scrollHeight", "args": []})
            call(base, "POST", s + "/window/rect", {"width": 1200, "height": min(int(height) + 40, 16000)})
            png = base64.b64decode(call(base, "GET", s + "/screenshot"))
            shot = os.path.join(artifacts, f"report-{name}.png")
            with open(shot, "wb") as out:
                out.write(png)
            check(png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20000, f"{name}: screenshot {shot} ({len(png)} bytes)")
            call(base, "POST", s + "/window/rect", {"width": 1200, "height": 900})
        call(base, "DELETE", s)
    finally:
        driver.terminate()
        driver.wait(timeout=10)
    print(f"report: {passed} passed, {failed} failed")
    sys.exit(0 if failed == 0 else 1)


if __name__ == "__main__":
    main()
