"""An attacker's audit of Limes's disclosure control.

The attacker knows every published cell and margin of a release (and of the releases before
it), that counts are never negative, and that a combination a table leaves out is zero. For
each withheld cell that was small (primary), it solves the linear programme for the cell's
lowest and highest possible value with scipy's linprog; the range must be at least the
protection interval wide. Run on random tables (through `limes stats protect`) and on the
demo's releases (through the API of a freshly seeded demo server).

    LIMES_BIN=.build/debug/limes python3 Tests/Statistics/disclosure_audit.py
"""

import itertools
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import numpy as np
from scipy.optimize import linprog

LIMES = os.environ.get("LIMES_BIN", ".build/debug/limes")
TOTAL = "_T"


def atoms_of(tables):
    """Every combination of the values the tables show, over all their breakdowns."""
    dims = sorted({d for t in tables for d in t["by"]})
    values = {d: set() for d in dims}
    for t in tables:
        for cell in t["cells"]:
            for d, v in zip(t["by"], cell["coordinates"]):
                if v != TOTAL:
                    values[d].add(v)
    return dims, [dict(zip(dims, combo)) for combo in itertools.product(*[sorted(values[d]) for d in dims])]


def matches(atom, by, coordinates):
    return all(v == TOTAL or atom[d] == v for d, v in zip(by, coordinates))


def audit(tables, interval, truth=None):
    """Failures of the protection of `tables` (a list of {by, cells}); empty when it holds."""
    dims, atoms = atoms_of(tables)
    rows, sums = [], []
    for t in tables:
        listed = {tuple(c["coordinates"]) for c in t["cells"]}
        for cell in t["cells"]:
            if cell.get("value") is not None:
                rows.append([1.0 if matches(a, t["by"], cell["coordinates"]) else 0.0 for a in atoms])
                sums.append(float(cell["value"]))
        # Interior combinations a table leaves out are zero.
        seen_values = [sorted({c["coordinates"][i] for c in t["cells"]} - {TOTAL}) for i in range(len(t["by"]))]
        for combo in itertools.product(*seen_values):
            if combo not in listed:
                rows.append([1.0 if matches(a, t["by"], combo) else 0.0 for a in atoms])
                sums.append(0.0)
    A = np.array(rows) if rows else None
    b = np.array(sums) if sums else None
    failures = []
    for t in tables:
        for cell in t["cells"]:
            if cell.get("status") != "primary":
                continue
            c = np.array([1.0 if matches(a, t["by"], cell["coordinates"]) else 0.0 for a in atoms])
            low = linprog(c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
            high = linprog(-c, A_eq=A, b_eq=b, bounds=(0, None), method="highs")
            if low.status != 0:
                failures.append(f"{t['by']} {cell['coordinates']}: the published cells have no solution ({low.message})")
                continue
            if high.status == 3:  # unbounded above
                continue
            width = -high.fun - low.fun
            if width < interval - 1e-6:
                failures.append(f"{t['by']} {cell['coordinates']}: narrowed to [{low.fun:.2f}, {-high.fun:.2f}], width {width:.2f} < {interval}")
            if truth is not None:
                value = truth(t["by"], cell["coordinates"])
                if not (low.fun - 1e-6 <= value <= -high.fun + 1e-6):
                    failures.append(f"{t['by']} {cell['coordinates']}: the true value {value} lies outside the attacker's range")
    return failures


def random_case(rng):
    ndims = rng.choice([2, 2, 3])
    names = rng.sample(["bcp", "sex", "citizenship", "direction", "ageBand", "documentType"], ndims)
    domains = {d: [f"{d[:2]}{i}" for i in range(rng.randint(2, 5))] for d in names}
    rows = []
    for combo in itertools.product(*[domains[d] for d in names]):
        # Many small counts, some zero, a few large: what a border's tables look like.
        count = rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 7, 9, 12, 20, 35])
        rows.append({"values": list(combo), "count": count})
    if ndims == 2:
        tables = [names]
    else:
        tables = rng.choice([[names], [names[:2], names[1:]], [names[:2], [names[0], names[2]], names[1:]]])
    threshold = rng.choice([3, 5])
    return {"dimensions": names, "rows": rows, "tables": tables, "threshold": threshold, "protectionInterval": threshold}


def run_random(count, seed):
    rng = random.Random(seed)
    failures, primaries = [], 0
    for n in range(count):
        case = random_case(rng)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(case, f)
            path = f.name
        out = subprocess.run([LIMES, "stats", "protect", path], capture_output=True, text=True, timeout=120)
        os.unlink(path)
        if out.returncode != 0:
            failures.append(f"case {n}: limes stats protect failed: {out.stderr.strip()}")
            continue
        protected = [{"by": t["query"]["by"], "cells": t["cells"]} for t in json.loads(out.stdout)]
        dims = case["dimensions"]

        def truth(by, coordinates):
            return sum(r["count"] for r in case["rows"] if all(v == TOTAL or r["values"][dims.index(d)] == v for d, v in zip(by, coordinates)))

        for t in protected:
            for cell in t["cells"]:
                if cell.get("value") is not None and cell["value"] != truth(t["by"], cell["coordinates"]):
                    failures.append(f"case {n}: published {cell['coordinates']} = {cell['value']}, truly {truth(t['by'], cell['coordinates'])}")
                if cell.get("value") is not None and 0 < cell["value"] < case["threshold"]:
                    failures.append(f"case {n}: a small cell {cell['coordinates']} = {cell['value']} was published")
                primaries += cell.get("status") == "primary"
        failures += [f"case {n}: {f}" for f in audit(protected, case["protectionInterval"], truth)]
    return failures, primaries


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, token=None, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"} if data else {})
    if token:
        request.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read().decode())


def run_demo():
    work = tempfile.mkdtemp()
    subprocess.run([LIMES, "demo", "--seed-only", "--data-dir", work + "/data", "--password-rounds", "1000"], check=True, capture_output=True, timeout=600)
    port = free_port()
    server = subprocess.Popen([LIMES, "serve", "--data-dir", work + "/data", "--port", str(port), "--log-level", "warning"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=2)
                break
            except Exception:
                time.sleep(0.2)
        token = call(base, "POST", "/api/v1/login", body={"username": "analyst", "password": "limes-demo-2026"})["token"]
        period = time.strftime("%Y")
        first = call(base, "POST", "/api/v1/releases", token, {
            "title": "Refusals of entry by citizenship, ground and BCP",
            "tables": [
                {"measure": "refusals", "period": period, "by": ["citizenship", "ground"]},
                {"measure": "refusals", "period": period, "by": ["bcp", "citizenship"]},
            ],
        })
        # A second release over the same records, sharing the citizenship margins: it must not
        # let the two be differenced.
        second = call(base, "POST", "/api/v1/releases", token, {
            "title": "Refusals of entry by citizenship and sex",
            "tables": [{"measure": "refusals", "period": period, "by": ["citizenship", "sex"]}],
        })
        failures, primaries = [], 0
        releases = [first, second]
        for release in releases:
            for t in release["tables"]:
                primaries += sum(c.get("status") == "primary" for c in t["cells"])
                for c in t["cells"]:
                    if c.get("value") is not None and 0 < c["value"] < release["rules"]["threshold"]:
                        failures.append(f"demo: small cell {c['coordinates']} published")
        tables = [{"by": t["by"], "cells": t["cells"]} for r in releases for t in r["tables"]]
        failures += [f"demo: {f}" for f in audit(tables, first["rules"]["protectionInterval"])]
        # What the public page serves is what was published.
        public = urllib.request.urlopen(base + "/public/statistics", timeout=30).read().decode()
        if first["contentHash"] not in public:
            failures.append("demo: the public page does not show the release")
        return failures, primaries
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    count = int(os.environ.get("LIMES_AUDIT_CASES", "60"))
    failures, primaries = run_random(count, seed=int(os.environ.get("LIMES_AUDIT_SEED", "2026")))
    print(f"random tables: {count} cases, {primaries} primary cells audited, {len(failures)} failures")
    demo_failures, demo_primaries = run_demo()
    print(f"demo releases: {demo_primaries} primary cells audited, {len(demo_failures)} failures")
    failures += demo_failures
    for f in failures[:30]:
        print("FAIL", f)
    if failures or primaries == 0 or demo_primaries == 0:
        print("disclosure audit failed" if failures else "disclosure audit found nothing to audit")
        sys.exit(1)
    print("disclosure audit passed")


if __name__ == "__main__":
    main()
