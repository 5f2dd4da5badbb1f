#!/usr/bin/env python3
"""Runs the native anchors (called by run.sh) and prints one JSON line per measurement, like the JVM benches.

native.py single LGB_NATIVE TRAIN VALID PARAMS   one fit by lgb_native, the shared native anchor, as it prints it
native.py fits LGB_FIT PLAN.json CUT_DIR         every fit of a job plan by lgb_fit, on the files cut_folds.py cut;
                                                 each fold's held-out rows are then scored, timed apart (score_s)
native.py fits LGB_FIT PLAN.json CUT_DIR float32 the folds again, on the float32 files: each fold's AUC as the
                                                 trainer's exact fit gives it (see cut_folds.py)

Each process's peak RSS is the kernel's count for that child (wait4), the same figure /usr/bin/time reports.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def run(argv):
    """(key=value fields it printed, wall seconds, peak RSS MB) of one child; a failure stops the benchmark."""
    with tempfile.TemporaryFile(mode="w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, text=True)
        out = child.stdout.read()
        child.stdout.close()
        _, status, usage = os.wait4(child.pid, 0)  # reaped here, not by Popen: its rusage is this child's alone
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            sys.exit(f"native.py: {os.path.basename(argv[0])} failed ({child.returncode}): {err.read().strip()}")
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-\d.]+)", out)}, wall, usage.ru_maxrss / 1024.0


def single(lgb_native, train, valid, params):
    got, wall, rss = run([lgb_native, train, valid, params])
    got.update(wall_s=wall, peak_rss_mb=rss)
    print(json.dumps(got))


def fits(lgb_fit, plan_file, cut_dir, variant=""):
    plan = json.load(open(plan_file))
    folder = os.path.join(cut_dir, variant)
    out = []
    for fit in plan["fits"]:
        if variant and "test" not in fit:
            continue  # the variants are for the folds' AUCs; the final model has no test rows
        train = os.path.join(folder, f"{fit['name']}-train.csv")
        test = os.path.join(folder, f"{fit['name']}-test.csv") if "test" in fit else "-"
        heldout = [os.path.join(folder, f"{fit['name']}-heldout.csv")] if "test" in fit and not variant else []
        got, wall, rss = run([lgb_fit, train, test, plan["lightgbm_params"]] + heldout)
        got.update(name=fit["name"], wall_s=wall, peak_rss_mb=rss)
        out.append(got)
    print(json.dumps({"fits": out, "fit_s": sum(f["fit_s"] for f in out), "wall_s": sum(f["wall_s"] for f in out),
                      "score_s": sum(f.get("score_s", 0.0) for f in out),
                      "peak_rss_mb": max(f["peak_rss_mb"] for f in out)}))


if __name__ == "__main__":
    {"single": single, "fits": fits}[sys.argv[1]](*sys.argv[2:])
