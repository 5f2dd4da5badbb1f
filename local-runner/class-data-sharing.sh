# Class-data sharing for the runner's JVM, sourced by ./saturday (bash). A run of `saturday run` with no archive
# writes one at its exit (-XX:ArchiveClassesAtExit); every later start maps it (-XX:SharedArchiveFile) instead of
# loading and verifying DynamoDB Local's, s3proxy's and the AWS SDK's classes again. The archive's name carries a key
# of everything the JVM checks it against (the jar and every lib/ file by path, size and date, and the JVM's own
# files), so a rebuild or another JDK writes a new one and the old one is removed. -Xshare:auto: an archive the JVM
# still refuses (or a missing one) only means classes load as without it; a run never fails for it.
#   SATURDAY_CLASS_DATA_DIR   where archives live (default: the folder the caller names, .saturday/class-data)
#   SATURDAY_CLASS_DATA=off   no archive used or written

# The archive key: a digest of the runner jar, its lib/ folder and the JVM that would map it ($1 jar, $2 java).
# Fails where GNU stat or sha256sum is missing (then no archive is used or written).
class_data_key() {
  local jar="$1" java home
  stat -L -c '%n %s %Y' "$jar" >/dev/null 2>&1 && command -v sha256sum >/dev/null || return 1
  java="$(readlink -f "$(command -v "$2")")"
  home="$(dirname "$(dirname "$java")")"
  # a file that is not there (another JDK layout) is left out of the key, never an error
  { stat -L -c '%n %s %Y' "$jar" "$(dirname "$jar")"/lib/* "$java" 2>/dev/null || true
    stat -L -c '%n %s %Y' "$home"/lib/server/libjvm.so "$home"/lib/modules "$home"/release 2>/dev/null || true
  } | sha256sum | cut -c1-16
}

# Sets CLASS_DATA_OPTIONS (JVM options, an array) and CLASS_DATA_WRITING (the archive this run writes, or empty) for
# a run of `$1` (the jar) with `$2` (java), archives in `$3` unless SATURDAY_CLASS_DATA_DIR names another folder,
# and the CLI arguments after them. Only `run` writes an archive: the
# classes a Saturday loads are the ones worth sharing (a `--version` or a bad input would archive next to nothing).
class_data_options() {
  local jar="$1" java="$2" dir="${SATURDAY_CLASS_DATA_DIR:-$3}" key archive
  shift 3
  CLASS_DATA_OPTIONS=()
  CLASS_DATA_WRITING=""
  [ "${SATURDAY_CLASS_DATA:-on}" != off ] || return 0
  key="$(class_data_key "$jar" "$java")" || return 0
  archive="$dir/saturday-$key.jsa"
  if [ -s "$archive" ]; then
    CLASS_DATA_OPTIONS=(-XX:SharedArchiveFile="$archive" -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  elif [ "${1:-}" = run ] && mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then
    # archives of an older key can never be mapped again; a run writing under this key leaves its own file alone
    find "$dir" -maxdepth 1 -name 'saturday-*.jsa*' ! -name "saturday-$key.jsa*" -delete 2>/dev/null || true
    CLASS_DATA_WRITING="$archive.$$.tmp"
    CLASS_DATA_OPTIONS=(-XX:ArchiveClassesAtExit="$CLASS_DATA_WRITING" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

# Keeps the archive a run wrote ($1 its exit code, $2 the jar, then java and the run's JVM options) when the run
# succeeded: it loaded what a Saturday loads, where a usage error, a refused lock or a killed run did not; their file
# is dropped and the next run writes one. The JVM maps it once with -Xshare:on before it is kept (a cut-short archive crashes the JVM that maps
# it instead of being refused), and it is renamed whole, so a run never maps half an archive.
class_data_keep() {
  local code="$1" jar="$2" final="${CLASS_DATA_WRITING%.*.tmp}"
  shift 2 # the rest: java and the options the run's JVM had, which the archive is mapped with here
  [ -n "$CLASS_DATA_WRITING" ] || return 0
  if [ "$code" = 0 ] && [ -s "$CLASS_DATA_WRITING" ] && "$@" -XX:SharedArchiveFile="$CLASS_DATA_WRITING" \
      -Xshare:on -XX:-CreateCoredumpOnCrash -XX:ErrorFile=/dev/null -jar "$jar" --version >/dev/null 2>&1; then
    mv -f "$CLASS_DATA_WRITING" "$final" 2>/dev/null || rm -f "$CLASS_DATA_WRITING"
  else
    rm -f "$CLASS_DATA_WRITING"
  fi
}
