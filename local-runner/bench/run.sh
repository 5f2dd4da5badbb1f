#!/usr/bin/env bash
# Local Saturday benchmark (not a test): what `./saturday run --local` costs outside the execution on a first run
# (no cached definition, fresh stores, data generated) and on a second run (cached definition, stores and data
# kept), how long a bad --input takes to be refused, and the default Saturday's training with the trainer threads
# shared among the concurrent trainings (--trainer-threads auto) against every training taking every core
# (--trainer-threads <cores>, the default), and that again on the JVM's own defaults instead of ./saturday's JVM
# options (SATURDAY_JVM_OPTIONS=''), alternating, best of N.
# Writes local-runner/bench/RESULTS.md.
#   local-runner/bench/run.sh        BENCH_ROUNDS (first/second run pairs, default 3), BENCH_REPS (per thread mode,
#                                    default 2; 0 leaves the thread rows out), BENCH_INPUT (the pairs' --input, default
#                                    the README's command: {}; the time before the execution does not depend on it)
# A first run is a fresh clone's: no definition, no stores, no data and no class-data archive (each pair has its own
# SATURDAY_CLASS_DATA_DIR, so the archive the first run writes is the one the second maps).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/../.." && pwd)"
ROUNDS="${BENCH_ROUNDS:-3}"
REPS="${BENCH_REPS:-2}"
INPUT="${BENCH_INPUT:-{\}}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/saturday-local-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
CORES="$(nproc)"
# the three specs the rotation picks first on a fresh registry, fixed so every thread run trains the same work
SPECS='["churn-gbdt", "credit-default-dart", "demand-uplift-dart"]'

cd "$ROOT"
"$ROOT/saturday" --version >/dev/null   # builds the runner when a source is newer than its jar
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# one run: prints "<process wall s> <before-the-execution s> <execution s> <exit code> <peak RSS MB>" and appends the
# run's startup phases line to $WORK/phases.txt
run() {
  local log="$WORK/run-$RANDOM.log" start end code=0
  start=$(date +%s.%N)
  /usr/bin/time -f 'peak-rss-kb %M' -o "$log.rss" "$ROOT/saturday" run --local "$@" >"$log" 2>&1 || code=$?
  end=$(date +%s.%N)
  python3 - "$log" "$start" "$end" "$code" "$WORK/phases.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
before = re.search(r"definition, stores and datasets ready in ([0-9.]+) s", text)
execution = re.search(r"SUCCEEDED in ([0-9.]+) s|FAILED in ([0-9.]+) s", text)
phases = re.search(r"startup phases: (.*)", text)
rss = re.search(r"peak-rss-kb (\d+)", open(sys.argv[1] + ".rss").read())
wall = float(sys.argv[3]) - float(sys.argv[2])
open(sys.argv[5], "a").write((phases.group(1) if phases else "(none printed)") + "\n")
print(f"{wall:.2f} {before.group(1) if before else 'nan'} "
      f"{(execution.group(1) or execution.group(2)) if execution else 'nan'} {sys.argv[4]} "
      f"{int(rss.group(1)) / 1024 if rss else float('nan'):.0f}")
PY
}

# 1. a bad input: refused before any store starts (the data directory is never created)
REJECT=()
for i in $(seq 1 3); do
  dir="$WORK/reject-$i"
  start=$(date +%s.%N); code=0
  "$ROOT/saturday" run --local --data-dir "$dir" --input '{"budget": 0}' >"$WORK/reject.log" 2>&1 || code=$?
  end=$(date +%s.%N)
  [ "$code" = 2 ] || { echo "bad input exited $code, expected 2" >&2; cat "$WORK/reject.log" >&2; exit 1; }
  [ ! -e "$dir" ] || { echo "bad input created $dir: something started" >&2; exit 1; }
  REJECT+=("$(python3 -c "print(f'{$end - $start:.2f}')")")
done
REJECT_MESSAGE="$(head -1 "$WORK/reject.log")"

# 2. first run (cold: nothing cached, data generated) then second run (warm), the README's command
PAIRS=()
for i in $(seq 1 "$ROUNDS"); do
  dir="$WORK/pair-$i"
  export SATURDAY_CLASS_DATA_DIR="$dir/class-data"
  cold="$(run --data-dir "$dir" --input "$INPUT")"
  warm="$(run --data-dir "$dir" --input "$INPUT")"
  unset SATURDAY_CLASS_DATA_DIR
  PAIRS+=("$cold|$warm")
done

# 3. trainer threads: shared vs every core per training, alternating on one warm data directory, same three specs
dir="$WORK/threads"
[ "$REPS" = 0 ] || run --data-dir "$dir" --input '{"skip_predictor_training": true, "skip_research": true}' >/dev/null
# 4. beside them, the runner's JVM on the JVM's own defaults (SATURDAY_JVM_OPTIONS empty) against ./saturday's
#    (C1 only, the serial collector): the every-core runs are the same command on ./saturday's options
SHARED=(); ALL=(); PLAIN=()
for i in $(seq 1 "$REPS"); do
  SHARED+=("$(run --data-dir "$dir" --trainer-threads auto --input "{\"spec_ids\": $SPECS}")")
  ALL+=("$(run --data-dir "$dir" --trainer-threads "$CORES" --input "{\"spec_ids\": $SPECS}")")
  PLAIN+=("$(SATURDAY_JVM_OPTIONS='' run --data-dir "$dir" --trainer-threads "$CORES" --input "{\"spec_ids\": $SPECS}")")
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$BENCH/RESULTS.md" "$CORES" "$LOAD_BEFORE" "$LOAD_AFTER" "$REJECT_MESSAGE" "$SPECS" \
  "${REJECT[*]}" "${PAIRS[*]}" "${SHARED[*]}" "${ALL[*]}" "$WORK/phases.txt" "$INPUT" "${PLAIN[*]}" <<'PY'
import datetime, platform, sys
out, cores, load_before, load_after, reject_message, specs = sys.argv[1:7]
reject = [float(x) for x in sys.argv[7].split()]
def group(arg):  # each run is 5 numbers: process wall, before the execution, execution, exit code, peak RSS MB
    n = arg.replace("|", " ").split()
    return [n[i:i + 5] for i in range(0, len(n), 5)]
runs = group(sys.argv[8])
pairs = [(runs[i], runs[i + 1]) for i in range(0, len(runs), 2)]  # first run, then second run
shared, every = group(sys.argv[9]), group(sys.argv[10])
phases = open(sys.argv[11]).read().splitlines()  # in run order: each pair's first and second, then the thread runs
pair_input = sys.argv[12]
plain = group(sys.argv[13])
f = lambda x: float(x)
readme = pair_input.strip() == "{}"
lines = [
    "# Local Saturday benchmark results", "",
    f"Generated by `local-runner/bench/run.sh` on {datetime.date.today()} ({cores} cores, {platform.machine()}). "
    f"Load average before / after: {load_before} / {load_after}. Each run is `./saturday run --local` in its own "
    "process; \"before the execution\" is what the run prints as `definition, stores and datasets ready in`: input "
    "check, lock, definition (synthesized or cached) with the stores started and the data prepared beside it, and the "
    "bindings (the JVM's own start and the command line's parsing are printed as phases but are outside that figure; "
    "the process column holds everything); \"execution\" is the state machine's own wall time. A first run has no "
    "definition, stores, data or class-data archive; it writes the archive at its exit, which the second run maps.", "",
    "## First run against second run" + (" (the README's command, real training)" if readme
                                         else f" (`--input '{pair_input}'`: the time before the execution does not "
                                              "depend on the input; the execution does)"), "",
    "| pair | first: before the execution s | second: before the execution s | second / first | first: execution s | second: execution s | first: process s | second: process s | first / second: peak RSS MB |",
    "|---|---|---|---|---|---|---|---|---|",
]
ratios = []
for i, (cold, warm) in enumerate(pairs, 1):
    ratio = f(warm[1]) / f(cold[1])
    ratios.append(ratio)
    lines.append(f"| {i} | {f(cold[1]):.1f} | {f(warm[1]):.1f} | {ratio:.1%} | {f(cold[2]):.1f} | {f(warm[2]):.1f} "
                 f"| {f(cold[0]):.1f} | {f(warm[0]):.1f} | {cold[4]} / {warm[4]} |")
best = min(ratios)
lines += ["", "Each run's startup phases as it printed them (phases on different threads overlap):", ""]
for i in range(len(pairs)):
    lines += [f"- pair {i + 1}, first: {phases[2 * i]}", f"- pair {i + 1}, second: {phases[2 * i + 1]}"]
lines += ["", f"Target: the second run's time before the execution at most 10% of the first's. Measured: best "
          f"{best:.1%}, worst {max(ratios):.1%} ({'met' if best <= 0.10 else 'not met'}).", "",
          "## A bad input", "",
          f"`--input '{{\"budget\": 0}}'`, 3 runs: refused with exit code 2 in {min(reject):.2f} s (best), "
          f"{max(reject):.2f} s (worst), the data directory never created (no store started). Its message: "
          f"`{reject_message}`", "",
          ]
targets = [("second run before the execution <= 10% of the first's", f"best {best:.1%}", best <= 0.10),
           ("a bad input refused before any store starts", f"{min(reject):.2f} s, no data directory", True)]
if not shared:
    lines += ["## Trainer threads per concurrent training", "", "Not measured in this run (BENCH_REPS=0).", ""]
else:
    lines += ["## Trainer threads per concurrent training", "",
          f"The default Saturday (research and training) on a warm data directory with `spec_ids` {specs} (three "
          f"trainings at once, the Map's MaxConcurrency 4), alternating, best of {len(shared)} each: `auto` gives "
          f"each training max(1, {cores} / 3) threads; `{cores}` gives each training every core (the default, `all`).",
          "", "| trainer threads | execution s (best) | execution s (each run) | process s (best) |", "|---|---|---|---|"]
def row(name, runs):
    ex = [f(r[2]) for r in runs]
    return f"| {name} | {min(ex):.1f} | {', '.join(f'{x:.1f}' for x in ex)} | {min(f(r[0]) for r in runs):.1f} |", min(ex)
if shared:
    a, best_shared = row("auto (shared)", shared)
    b, best_every = row(f"{cores} (every core each)", every)
    lines += [a, b, "", f"auto / every core: {best_shared / best_every:.2f}x "
              f"({'auto is faster' if best_shared <= best_every else 'every core is faster: the default'}).", ""]
    targets.append(("the default trainer threads are the faster mode", f"auto / every core {best_shared / best_every:.2f}x",
                    best_every <= best_shared))
if plain:
    lines += ["## The runner's JVM options", "",
              f"The same command as `{cores} (every core each)` above, on the same warm data directory and alternating "
              "with it: `./saturday` starts the runner's JVM with `-XX:TieredStopAtLevel=1 -XX:+UseSerialGC` (C1 "
              "only, the serial collector); `SATURDAY_JVM_OPTIONS=''` runs it on the JVM's own defaults (C1 and C2, "
              "G1). Best of each column.", "",
              "| runner JVM | before the execution s | execution s (each run) | process s | peak RSS MB (worst) |",
              "|---|---|---|---|---|"]
    def jvm_row(name, runs):
        ex = [f(r[2]) for r in runs]
        return (f"| {name} | {min(f(r[1]) for r in runs):.2f} | {min(ex):.1f} ({', '.join(f'{x:.1f}' for x in ex)}) "
                f"| {min(f(r[0]) for r in runs):.1f} | {max(f(r[4]) for r in runs):.0f} |")
    tuned_process = min(f(r[0]) for r in every)
    plain_process = min(f(r[0]) for r in plain)
    lines += [jvm_row("C1 only, serial collector (the default)", every), jvm_row("the JVM's defaults", plain), "",
              f"Process wall, the default / the JVM's defaults: {tuned_process / plain_process:.2f}x.", ""]
    targets.append(("the runner's default JVM options are the faster", f"process wall {tuned_process / plain_process:.2f}x "
                    "the JVM's defaults", tuned_process <= plain_process))
lines += ["## Targets", "", "| target | measured | |", "|---|---|---|"]
lines += [f"| {t} | {m} | {'met' if ok else 'not met'} |" for t, m, ok in targets]
lines += ["", f"Worst peak RSS of any run on the default JVM options: {max(f(r[4]) for r in runs + shared + every):.0f} MB.", ""]
open(out, "w").write("\n".join(lines))
print("\n".join(lines))
PY
