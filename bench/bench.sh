#!/bin/sh
# Times crema without and with its server against runc and crun, with a Java hello world beside them (crema's
# JVM flags and runtime, its own AOT cache: the floor of any Java command), in one hyperfine run per operation:
# `run` of /bin/true, `state`, `start`, `kill`, `--version`, `create`, `exec`. Appends the results with the date
# to docs/performance.md: first one table with a column per runtime (the means), then hyperfine's tables.
# Root needed. Not a test. Run it through bench/cgroup2-view to have crun in it on a hybrid host like this one.
set -eu
cd "$(dirname "$0")/.."
. scripts/jdk.sh
scripts/deps bench
[ -x target/libexec/crema-init ] || ./build
work=$(mktemp -d /tmp/crema-bench.XXXXXX)

. bench/lib.sh

C="bin/crema --root $work/crema"
# the same client with a warm `crema server` for its root (docs/server.md); C's root has none, so there the
# client runs the JVM controller, as every command did before the server
S="bin/crema --root $work/crema-server"
R="runc --root $work/runc"
N="$(crun_binary "$work") --root $work/crun"
# The runtimes, one column each: "label|command". Every operation below is written once with @ for the
# command, so a runtime is one line here.
runtimes="crema|$C
crema+server|$S
runc|$R"

cleanup() {
    for id in bench-state bench-start bench-kill bench-exec bench-create bench-run bench-probe; do
        for rt in "$C" "$S" "$R" "$N"; do $rt delete -f $id >/dev/null 2>&1 || true; done
    done
    $S server stop >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

bundles "$work"
B=$work/bundle L=$work/sleeper

# crun, where it runs: crun 1.8.1 refuses every container on a host whose cgroup2 mount in a hybrid layout
# carries a controller ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2")
crun_note=""
if $N run --bundle "$B" bench-probe >"$work/crun.out" 2>&1; then
    runtimes="$runtimes
crun|$N"
else
    crun_note="crun left out: \`crun run\` fails here: $(tail -1 "$work/crun.out")"
    echo "$crun_note" >&2
fi

# the server, warmed: its JIT compiles the commands it is timed on (bench/server.sh shows how RSS settles)
$S server start --idle-timeout 30m
for i in $(seq 200); do $S run --bundle "$B" bench-warm >/dev/null; done

# the floor: hello world with the launcher's JVM flags and its own AOT cache
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
"$JAVA_HOME/bin/javac" -d "$work/hello" bench/Hello.java
"$JAVA_HOME/bin/jar" cf "$work/hello.jar" -C "$work/hello" .   # an AOT cache needs jars on the class path
# on the runtime crema runs on (the build's jlink'ed one), so the floor is crema's own
java="$JAVA_HOME/bin/java"; [ -x target/runtime/bin/java ] && java=target/runtime/bin/java
"$java" $flags -XX:AOTCacheOutput="$work/hello.aot" -cp "$work/hello.jar" Hello >/dev/null 2>&1
hello="$java $flags -XX:AOTCache=$work/hello.aot -cp $work/hello.jar Hello"

# compare NAME RUNS COMMAND [PREPARE]: one hyperfine run of COMMAND with each runtime (@ stands for its
# command) and the floor; PREPARE (a shell line, @ likewise) runs before each timed run.
compare() {
    name=$1 runs=$2 template=$3 prepare=${4:-}
    args=""
    old_ifs=$IFS
    IFS='
'
    for rt in $runtimes; do
        label=${rt%%|*} prefix=${rt#*|}
        cmd=$(echo "$template" | sed "s#@#$prefix#g")
        [ -z "$prepare" ] || args="$args --prepare 'sh -c \"$(echo "$prepare" | sed "s#@#$prefix#g")\"'"
        args="$args -n '$label $name' '$cmd'"
    done
    IFS=$old_ifs
    [ -z "$prepare" ] || args="$args --prepare true"
    eval hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/$name.md" --export-json "$work/$name.json" $args \
        -n "'java hello (floor)'" "'$hello'"
}

quiet=">/dev/null 2>&1 </dev/null"
compare run 30 "@ run --bundle $B bench-run"
compare --version 50 "@ --version"
# a created container, as engines ask about it between create and start
for rt in "$C" "$S" "$R" "$N"; do $rt create --bundle "$L" bench-state >/dev/null 2>&1 </dev/null || true; done
compare state 50 "@ state bench-state"
compare start 20 "@ start bench-start" "@ delete -f bench-start $quiet; @ create --bundle $L bench-start $quiet"
compare kill 20 "@ kill bench-kill KILL" "@ delete -f bench-kill $quiet; @ run -d --bundle $L bench-kill $quiet"
compare create 20 "@ create --bundle $L bench-create" "@ delete -f bench-create $quiet"
# exec into a running container: what engines do for every probe and `exec`
for rt in "$C" "$S" "$R" "$N"; do $rt run -d --bundle "$L" bench-exec >/dev/null 2>&1 </dev/null || true; done
compare exec 30 "@ exec bench-exec true"

# one table of the means: a column per runtime, the floor, and crema+server against runc and crun
table=$(python3 - "$work" <<'EOF'
import json, sys
work = sys.argv[1]
columns = ("crema", "crema+server", "runc", "crun", "java hello (floor)")
print("| command | " + " | ".join(columns) + " | crema+server / runc | crema+server / crun |")
print("|:---|" + "---:|" * (len(columns) + 2))
for name in ("run", "--version", "state", "start", "kill", "create", "exec"):
    means = {}
    for r in json.load(open(f"{work}/{name}.json"))["results"]:
        label = r["command"]
        means["java hello (floor)" if label.startswith("java hello") else label.rsplit(" ", 1)[0]] = r
    def cell(column):
        r = means.get(column)
        return f"{r['mean'] * 1000:.1f} ± {r['stddev'] * 1000:.1f} ms" if r else "–"
    def ratio(other):
        return f"{means['crema+server']['mean'] / means[other]['mean']:.2f}x" if other in means else "–"
    print(f"| `{name}` | " + " | ".join(cell(c) for c in columns) + f" | {ratio('runc')} | {ratio('crun')} |")
EOF
)
{
    echo
    echo "## $(date -u +%Y-%m-%d) ($(uname -r), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(runc --version | head -1), $(crun --version | head -1), crema $(git rev-parse --short HEAD 2>/dev/null || echo "(no git)")${CREMA_BENCH_CGROUP2:+, in a cgroup2 view (bench/cgroup2-view)})"
    [ -z "$crun_note" ] || { echo; echo "$crun_note"; }
    echo
    echo "$table"
    for name in run --version state start kill create exec; do echo; cat "$work/$name.md"; done
} >> docs/performance.md
echo "$table"
echo "appended to docs/performance.md"
