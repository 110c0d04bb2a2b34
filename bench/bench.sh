#!/bin/sh
# Times crema against runc and crun, with a Java hello world beside them (crema's JVM flags and runtime, its
# own AOT cache: the floor of any Java command), in one hyperfine run per operation: `run` of /bin/true,
# `state`, `start`, `kill`, `--version`, `create`, `exec`. Appends the results with the date to
# docs/performance.md. Root needed. Not a test.
set -eu
cd "$(dirname "$0")/.."
. scripts/jdk.sh
scripts/deps bench
[ -x target/libexec/crema-init ] || ./build
work=$(mktemp -d /tmp/crema-bench.XXXXXX)

C="bin/crema --root $work/crema"
R="runc --root $work/runc"
N="crun --root $work/crun"
# The runtimes, one column each: "label|command". Every operation below is written once with @ for the
# command, so a runtime is one line here. THE place for issue 9's "crema+server" column: once `crema server`
# exists, add its line (started before, with a --root of its own, stopped in the trap), e.g.
#   crema+server|bin/crema --root $work/crema-server
runtimes="crema|$C
runc|$R"

cleanup() {
    for id in bench-state bench-start bench-kill bench-exec bench-create bench-run bench-probe; do
        for rt in "$C" "$R" "$N"; do $rt delete -f $id >/dev/null 2>&1 || true; done
    done
    rm -rf "$work"
}
trap cleanup EXIT

# the bundle: busybox rootfs, /bin/true, no terminal; ociVersion 1.0.2, the newest crun 1.8.1 accepts
mkdir -p "$work/bundle/rootfs/bin"
cp /bin/busybox "$work/bundle/rootfs/bin/"
ln -s busybox "$work/bundle/rootfs/bin/true"; ln -s busybox "$work/bundle/rootfs/bin/sleep"
(cd "$work/bundle" && bin=$OLDPWD/bin/crema && "$bin" spec)
sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"true"/; s/"ociVersion": "[^"]*"/"ociVersion": "1.0.2"/' \
    "$work/bundle/config.json"
cp -r "$work/bundle" "$work/sleeper"
sed -i 's/"true"$/"sleep", "1000"/' "$work/sleeper/config.json"
B=$work/bundle S=$work/sleeper

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
    eval hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/$name.md" $args \
        -n "'java hello (floor)'" "'$hello'"
}

quiet=">/dev/null 2>&1 </dev/null"
compare run 30 "@ run --bundle $B bench-run"
compare --version 50 "@ --version"
# a created container, as engines ask about it between create and start
for rt in "$C" "$R" "$N"; do $rt create --bundle "$S" bench-state >/dev/null 2>&1 </dev/null || true; done
compare state 50 "@ state bench-state"
compare start 20 "@ start bench-start" "@ delete -f bench-start $quiet; @ create --bundle $S bench-start $quiet"
compare kill 20 "@ kill bench-kill KILL" "@ delete -f bench-kill $quiet; @ run -d --bundle $S bench-kill $quiet"
compare create 20 "@ create --bundle $S bench-create" "@ delete -f bench-create $quiet"
# exec into a running container: what engines do for every probe and `exec`
for rt in "$C" "$R" "$N"; do $rt run -d --bundle "$S" bench-exec >/dev/null 2>&1 </dev/null || true; done
compare exec 30 "@ exec bench-exec true"

{
    echo
    echo "## $(date -u +%Y-%m-%d) ($(uname -r), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(runc --version | head -1), $(crun --version | head -1))"
    [ -z "$crun_note" ] || { echo; echo "$crun_note"; }
    for name in run --version state start kill create exec; do echo; cat "$work/$name.md"; done
} >> docs/performance.md
echo "appended to docs/performance.md"
