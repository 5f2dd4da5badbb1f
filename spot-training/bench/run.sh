#!/usr/bin/env bash
# Trainer benchmark (not a test): the trainer's data path vs lightgbm4j's raw API on a prebuilt float matrix vs
# LightGBM's own native CLI path (lgb_native), on the LightGBM example and on a generated 1M x 28 CSV.
# Each measurement runs in its own process so peak RSS is that path's alone. Writes bench/RESULTS.md.
#   spot-training/bench/run.sh [ROWS]      (default 1000000)
set -euo pipefail
MODULE="$(cd "$(dirname "$0")/.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
SHARED="${ZOO_SHARED:-$ROOT/../shared}"
ROWS="${1:-1000000}"
THREADS="${BENCH_THREADS:-2}"
WORK="${BENCH_WORK:-/tmp/saturday-bench}"
mkdir -p "$WORK"

cd "$ROOT"
mvn -B -o -q -pl spot-training -am install -DskipTests
CP_FILE="$WORK/classpath.txt"
mvn -B -o -q -pl spot-training dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=runtime
CP="$MODULE/target/classes:$(cat "$CP_FILE")"
mkdir -p "$WORK/bench-classes"
javac -q -d "$WORK/bench-classes" -cp "$CP" "$MODULE"/src/bench/java/io/saturdayzoo/training/lightgbm/*.java 2>/dev/null \
  || javac -d "$WORK/bench-classes" -cp "$CP" "$MODULE"/src/bench/java/io/saturdayzoo/training/lightgbm/*.java
CP="$WORK/bench-classes:$CP"
JAVA=(java -Xmx2g -cp "$CP" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
# every path, the native anchor too, runs with the trainer image's malloc setting (read from its Dockerfile)
MALLOC_ARENA_MAX="$(sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' "$MODULE/Dockerfile")"
export MALLOC_ARENA_MAX

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

# native anchor: build a copy (the shared folder is read-only)
NATIVE=""
if command -v gcc >/dev/null; then
  rm -rf "$WORK/native" && cp -r "$SHARED/bench" "$WORK/native" && chmod -R u+w "$WORK/native"
  if (cd "$WORK/native" && ./build.sh >/dev/null 2>&1); then NATIVE="$WORK/native/build/lgb_native"; fi
fi

EX_TRAIN="$SHARED/data/lightgbm-binary-binary.train"; EX_TEST="$SHARED/data/lightgbm-binary-binary.test"
EX_PARAMS='{"num_iterations":100,"learning_rate":0.1,"num_leaves":63,"feature_fraction":0.8,"bagging_freq":5,"bagging_fraction":0.8,"min_data_in_leaf":50,"min_sum_hessian_in_leaf":5.0,"max_bin":255}'
BIG_PARAMS='{"num_iterations":100}'
REPS="${BENCH_REPS:-3}"

best_of() { # keeps the JSON line with the lowest train_s, adding the memory of the run that grew most
  python3 -c "
import json,sys
ls=[json.loads(l) for l in sys.argv[1:] if l]
best=min(ls, key=lambda r: r['train_s'])
worst=max(ls, key=lambda r: r['peak_rss_mb']-r['baseline_rss_mb'])
best['worst_growth_mb']=worst['peak_rss_mb']-worst['baseline_rss_mb']
best['worst_peak_rss_mb']=worst['peak_rss_mb']
best['worst_peak_after_parse_mb']=worst['peak_after_parse_mb']
best['worst_baseline_rss_mb']=worst['baseline_rss_mb']
print(json.dumps(best))" "$@"
}
one() { "${JAVA[@]}" io.saturdayzoo.training.lightgbm.TrainerBench "$@" | tail -1; }
measure() { # PREFIX "MODES" train valid time label header params: modes alternate, so load spikes hit all alike
  local prefix=$1 modes=$2; shift 2
  declare -A runs=()
  for _ in $(seq "$REPS"); do
    for m in $modes; do runs[$m]+="$(one "$m" "$1" "$2" "$3" "$4" "$5" "$THREADS" "$6")"$'\n'; done
  done
  for m in $modes; do
    mapfile -t lines <<<"${runs[$m]}"
    printf -v "${prefix}_${m//-/_}" '%s' "$(best_of "${lines[@]}")"
  done
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
measure EX "trainer raw" "$EX_TRAIN" "$EX_TEST" - 0 false "$EX_PARAMS"
measure BIG "trainer trainer-row trainer-mat raw" "$BIG" "$VALID" ts label true "$BIG_PARAMS"
NAT=""
if [ -n "$NATIVE" ]; then
  # the same parameter string the trainer's lightgbm kind builds (defaults + num_threads/seed/deterministic/force_col_wise)
  P="objective=binary boosting=gbdt verbosity=-1 num_threads=$THREADS seed=1 deterministic=true force_col_wise=true header=true label_column=name:label ignore_column=name:ts metric=auc num_iterations=100"
  for _ in $(seq "$REPS"); do # best of REPS by train_s, like the JVM paths
    line=$( { /usr/bin/time -f "rss_kb=%M wall=%e" "$NATIVE" "$BIG" "$VALID" "$P"; } 2>&1 | tr '\n' ' ')
    if [ -z "$NAT" ] || python3 -c "import re,sys; t=lambda s: float(re.search(r'train_s=([\d.]+)', s).group(1)); sys.exit(0 if t(sys.argv[1]) < t(sys.argv[2]) else 1)" "$line" "$NAT"; then NAT="$line"; fi
  done
fi
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$MODULE/bench/report.py" "$MODULE/bench/RESULTS.md" "$GEN" "$ROWS" "$THREADS" "$EX_trainer" "$EX_raw" \
  "$BIG_trainer" "$BIG_raw" "$NAT" "$LOAD_BEFORE" "$LOAD_AFTER" "$REPS" "$BIG_trainer_row" "$BIG_trainer_mat"
cat "$MODULE/bench/RESULTS.md"
