#!/bin/sh
# The library's cost (docs/library.md): create + start + wait + delete of a busybox /bin/true container through
# dev.crema.api from one warm JVM (bench/LibraryBench.java, many runs after a warm-up), next to `crun run` and
# `runc run` of the same bundle (hyperfine) and `crema run` (one JVM per command). Prints the figures; the ones
# worth keeping go to docs/performance.md by hand. Root needed. Not a test. Run it through bench/cgroup2-view
# to have crun in it on a hybrid host like this one.
# Usage: bench/library.sh [RUNS] [WARMUP]
set -eu
cd "$(dirname "$0")/.."
. scripts/jdk.sh
runs=${1:-200} warmup=${2:-100}
scripts/deps bench
[ -r target/crema.jar ] && [ -x target/libexec/crema-init ] || ./build
# TMPDIR=/dev/shm puts the roots on a tmpfs, as /run is on most hosts (not on this VM: its /run is on disk)
work=$(mktemp -d "${TMPDIR:-/tmp}/crema-library-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
. bench/lib.sh
crun=$(crun_binary "$work")
bundles "$work"

"$JAVA_HOME/bin/javac" -d "$work/classes" -p target/crema.jar --add-modules dev.crema bench/LibraryBench.java
# the JVM flags of a long-running program: the default GC and the full JIT (not the CLI's start-up flags)
"$JAVA_HOME/bin/java" --enable-native-access=dev.crema -Dcrema.libexec="$PWD/target/libexec" \
    -p target/crema.jar --add-modules dev.crema -cp "$work/classes" LibraryBench "$work/root" "$work/bundle" "$runs" "$warmup"

# crun where it runs: crun 1.8.1 refuses every container on a host whose cgroup2 mount in a hybrid layout carries
# a controller ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"), as this VM's does
set -- -n "runc run" "runc --root $work/runc run --bundle $work/bundle bench-runc" \
    -n "crema run" "bin/crema --root $work/crema run --bundle $work/bundle bench-crema"
if $crun --root "$work/crun" run --bundle "$work/bundle" bench-probe >"$work/crun.out" 2>&1; then
    set -- -n "crun run" "$crun --root $work/crun run --bundle $work/bundle bench-crun" "$@"
else
    echo "crun left out: \`crun run\` fails here: $(tail -1 "$work/crun.out")" >&2
fi
hyperfine -N --warmup 5 --runs 50 "$@"
