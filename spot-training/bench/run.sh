#!/usr/bin/env bash
# Trainer benchmark (not a test). Writes bench/RESULTS.md. Needs Java 17, Maven, python3; gcc for the native anchors
# (LightGBM's C API, no JVM); numpy makes the data (else the Java port of the same generator does).
#   spot-training/bench/run.sh [ROWS]      (default 1000000)
# 1. One fit: the trainer's data path vs lightgbm4j's raw API vs lgb_native, on the LightGBM example and a ROWS x 28 CSV.
# 2. The whole training job of one spec (JobBench: parse, every walk-forward fold, the final model, metrics,
#    checkpoints to an S3 server in its own process) vs lgb_fit running the very same fits on files cut in the
#    trainer's order, and LightGBM's predictor scoring the same held-out rows.
# 3. Doing less work across folds with LightGBM's own means (FoldReuseBench): time, memory and AUC beside the trainer's.
# Each measurement runs in its own process (peak RSS is that path's alone); the paths of a section alternate, REPS
# times; the report keeps the fastest run's time and the memory of the run that held most.
# Environment: BENCH_REPS (3), BENCH_THREADS (2), BENCH_SPEC (churn-gbdt), BENCH_FOLDS (3), BENCH_CATALOG (zoo/catalog.json),
# BENCH_WORK (/tmp/saturday-bench), BENCH_SECTIONS ("fit job reuse": the sections to run again), BENCH_MVN_ARGS
# (extra Maven arguments, e.g. -o).
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
# the shared anchors (gen_data.py, lgb_native, the LightGBM example): ZOO_SHARED, else the nearest shared/ beside the
# repository or one of its parent folders (a worktree sits deeper than the main clone)
SHARED="${ZOO_SHARED:-}"
for d in "$ROOT/.." "$ROOT/../.."; do [ -n "$SHARED" ] || [ ! -d "$d/shared/bench" ] || SHARED="$(cd "$d/shared" && pwd)"; done
[ -n "$SHARED" ] || { echo "run.sh: no shared/bench beside the repository; set ZOO_SHARED" >&2; exit 2; }
ROWS="${1:-1000000}"
THREADS="${BENCH_THREADS:-2}"
REPS="${BENCH_REPS:-3}"
SPEC="${BENCH_SPEC:-churn-gbdt}"
FOLDS="${BENCH_FOLDS:-3}"
CATALOG="${BENCH_CATALOG:-$ROOT/zoo/catalog.json}"
WORK="${BENCH_WORK:-/tmp/saturday-bench}"
mkdir -p "$WORK"

# The bench is compiled by Maven (profile bench: src/bench as test sources) in the reactor, so nothing of this
# worktree lands in ~/.m2; the profile writes the class path next to the classes.
cd "$ROOT"
# shellcheck disable=SC2086
mvn -B -q ${BENCH_MVN_ARGS:-} -pl spot-training -am package -Pbench -DskipTests
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
# the trainer's structured events at INFO, as in the container; the benches' own chatter at WARN
JAVA=(java -Xmx2g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# every path, the native anchors too, runs with the trainer image's malloc settings (read from its Dockerfile)
MALLOC_ARENA_MAX="$(sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' "$MODULE/Dockerfile")"
MALLOC_MMAP_THRESHOLD_="$(sed -n 's/.*MALLOC_MMAP_THRESHOLD_=\([0-9]*\).*/\1/p' "$MODULE/Dockerfile")"
export MALLOC_ARENA_MAX MALLOC_MMAP_THRESHOLD_
# the whole job runs as the image runs it: the Dockerfile's JVM options (its -XX: ones; the temp folder is the
# image's) in a JVM that sees the job definition's memory (infra's SpotEngine.JOB_MEMORY_GIB) as its machine's
JOB_OPTIONS=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' "$MODULE/Dockerfile" | tr ' ' '\n' | grep '^-XX:' | tr '\n' ' ')
JOB_GIB=$(sed -n 's/.*JOB_MEMORY_GIB = \([0-9]*\);.*/\1/p' "$ROOT/infra/src/main/java/io/saturdayzoo/infra/spot/SpotEngine.java")
# shellcheck disable=SC2206
JOB_JAVA=(java "-XX:MaxRAM=${JOB_GIB}g" $JOB_OPTIONS -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=info)

# data: numpy generator when available (the same file the native anchor's README quotes), else the Java port
BIG="$WORK/big-$ROWS.csv"; VALID="$WORK/valid-50000.csv"; GEN="gen_data.py (numpy)"
if python3 -c 'import numpy' 2>/dev/null; then
  [ -f "$BIG" ] || python3 "$SHARED/bench/gen_data.py" "$ROWS" "$BIG"
  [ -f "$VALID" ] || python3 "$SHARED/bench/gen_data.py" 50000 "$VALID" --seed 7
else
  GEN="SyntheticDatasets (Java port; numpy missing)"
  jshell_gen() { echo "io.saturdayzoo.training.data.SyntheticDatasets.writeCsv(java.nio.file.Path.of(\"$1\"), io.saturdayzoo.training.data.SyntheticDatasets.Spec.of($2, $3));" | jshell --class-path "$CP" -q >/dev/null; }
  [ -f "$BIG" ] || jshell_gen "$BIG" "$ROWS" 20240601
  [ -f "$VALID" ] || jshell_gen "$VALID" 50000 7
fi

# native anchors: a copy of the shared one built as its README says (the shared folder is read-only), and lgb_fit
# from this folder linked against the same lib_lightgbm.so
NATIVE=""; FIT=""
if command -v gcc >/dev/null; then
  rm -rf "$WORK/native" && cp -r "$SHARED/bench" "$WORK/native" && chmod -R u+w "$WORK/native"
  if (cd "$WORK/native" && ./build.sh >/dev/null 2>&1); then
    NATIVE="$WORK/native/build/lgb_native"
    gcc -O2 -o "$WORK/native/build/lgb_fit" "$MODULE/bench/lgb_fit.c" -L"$WORK/native/build" -l_lightgbm \
      -Wl,-rpath,'$ORIGIN' && FIT="$WORK/native/build/lgb_fit"
  fi
fi

# Each section's runs go to RUNS/<section>/ (one JSON line per run, one file per path), its load averages and reps
# to RUNS/<section>/load.jsonl; a section that runs starts from an empty folder, the others' runs are kept, so
# BENCH_SECTIONS="job" re-measures the job alone and report.py still finds the rest (from the same ROWS).
RUNS="$WORK/runs"; mkdir -p "$RUNS"
SECTIONS=" ${BENCH_SECTIONS:-fit job reuse} "
runs() { [[ "$SECTIONS" == *" $1 "* ]] && rm -rf "${RUNS:?}/$1" && mkdir -p "$RUNS/$1"; }
record() { local name=$1; shift; "$@" | tail -1 >>"$RUNS/$name.jsonl"; } # one JSON line per run
load() { cut -d' ' -f1-3 /proc/loadavg; }
# section DIR NAME LOAD_BEFORE: the load average before and after NAME, and the rows and reps it ran with
section() {
  echo "{\"section\":\"$2\",\"rows\":$ROWS,\"reps\":$REPS,\"load_before\":\"$3\",\"load_after\":\"$(load)\"}" \
    >>"$RUNS/$1/load.jsonl"
  echo "run.sh: $2 done (load $3 -> $(load))" >&2
}
bench() { "${JAVA[@]}" "io.saturdayzoo.training.lightgbm.$1" "${@:2}"; }

EX_TRAIN="$SHARED/data/lightgbm-binary-binary.train"; EX_TEST="$SHARED/data/lightgbm-binary-binary.test"
EX_PARAMS='{"num_iterations":100,"learning_rate":0.1,"num_leaves":63,"feature_fraction":0.8,"bagging_freq":5,"bagging_fraction":0.8,"min_data_in_leaf":50,"min_sum_hessian_in_leaf":5.0,"max_bin":255}'
BIG_PARAMS='{"num_iterations":100}'
# the parameter string the trainer's lightgbm kind builds for BIG_PARAMS, plus what LightGBM's parser needs
NATIVE_PARAMS="objective=binary boosting=gbdt verbosity=-1 num_threads=$THREADS seed=1 deterministic=true force_col_wise=true header=true label_column=name:label ignore_column=name:ts metric=auc num_iterations=100"

# 1. one fit
if runs fit; then
  before=$(load)
  for _ in $(seq "$REPS"); do
    for m in trainer raw; do
      record "fit/example-$m" bench TrainerBench "$m" "$EX_TRAIN" "$EX_TEST" - 0 false "$THREADS" "$EX_PARAMS"
    done
  done
  section fit example "$before"
  before=$(load)
  for _ in $(seq "$REPS"); do
    for m in trainer trainer-row trainer-mat raw; do
      record "fit/big-$m" bench TrainerBench "$m" "$BIG" "$VALID" ts label true "$THREADS" "$BIG_PARAMS"
    done
    [ -z "$NATIVE" ] || record fit/big-native python3 "$MODULE/bench/native.py" single "$NATIVE" "$BIG" "$VALID" "$NATIVE_PARAMS"
  done
  section fit big "$before"
fi

# 2. the whole job; the first run writes the plan the native side cuts its files from (outside the clocks). Its S3 is
# local-stores' s3proxy in a process of its own (objects on disk), as on Batch, where S3 is not in the trainer's
# process: the job's peak RSS is the job's alone; the server's own peak is recorded beside it.
if runs job; then
  PLAN="$RUNS/job/plan.json"; CUT="$WORK/cut"; S3DIR="$WORK/job-s3"
  rm -rf "$S3DIR" "$WORK/job-s3.in" && mkdir -p "$S3DIR" && mkfifo "$WORK/job-s3.in"
  /usr/bin/time -f '%M' -o "$WORK/job-s3.rss" "${JAVA[@]}" io.saturdayzoo.training.distributed.BenchStores - "$S3DIR/data" \
    <"$WORK/job-s3.in" >"$S3DIR/out" 2>"$S3DIR/err" &
  S3PID=$!
  exec 4>"$WORK/job-s3.in" # the server serves until this closes
  until grep -q '^READY$' "$S3DIR/out" 2>/dev/null; do
    kill -0 "$S3PID" 2>/dev/null || { cat "$S3DIR/err" >&2; exit 1; }
    sleep 0.2
  done
  # shellcheck disable=SC2207
  S3_ENV=($(grep '^AWS_' "$S3DIR/out")) # the server's endpoint, region and credentials, as BenchStores prints them
  before=$(load)
  for rep in $(seq "$REPS"); do
    record job/job env "${S3_ENV[@]}" "${JOB_JAVA[@]}" io.saturdayzoo.training.lightgbm.JobBench \
      "$CATALOG" "$SPEC" "$BIG" ts label "$THREADS" "$FOLDS" "$PLAN" 2>>"$WORK/job-events.log"
    if [ -n "$FIT" ]; then
      if [ "$rep" = 1 ]; then rm -rf "$CUT"; python3 "$MODULE/bench/cut_folds.py" "$PLAN" "$CUT"; fi
      record job/native python3 "$MODULE/bench/native.py" fits "$FIT" "$PLAN" "$CUT"
    fi
  done
  # the folds once more on the trainer's float32 values, for the exact AUC comparison (not timed against anything)
  [ -z "$FIT" ] || record job/native-float32 python3 "$MODULE/bench/native.py" fits "$FIT" "$PLAN" "$CUT" float32
  section job job "$before"
  exec 4>&-; wait "$S3PID" || true
  echo "{\"s3_server_peak_rss_mb\":$(( $(tail -1 "$WORK/job-s3.rss") / 1024 ))}" >"$RUNS/job/s3-server.jsonl"
  rm -rf "$CUT" "$S3DIR" "$WORK/job-s3.in"
fi

# 3. less work across folds
if runs reuse; then
  before=$(load)
  for _ in $(seq "$REPS"); do
    for s in own-bins all-rows-bins first-fold-bins; do
      record "reuse/$s" bench FoldReuseBench "$s" "$CATALOG" "$SPEC" "$BIG" ts label "$THREADS" "$FOLDS"
    done
  done
  section reuse reuse "$before"
fi

python3 "$MODULE/bench/report.py" "$MODULE/bench/RESULTS.md" "$RUNS" "$GEN" "$ROWS" "$THREADS"
cat "$MODULE/bench/RESULTS.md"
