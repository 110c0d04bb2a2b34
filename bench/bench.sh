#!/bin/sh
# Times crema against runc (and a Java hello world with crema's JVM flags: the floor) in one hyperfine run per
# operation, and appends the results with the date to docs/performance.md. Root needed. Not a test.
set -eu
cd "$(dirname "$0")/.."
. scripts/jdk.sh
scripts/deps bench
[ -x target/libexec/crema-init ] || ./build
work=$(mktemp -d /tmp/crema-bench.XXXXXX)
trap 'for c in bench-state bench-exec; do bin/crema --root $work/crema delete -f $c >/dev/null 2>&1 || true; runc --root $work/runc delete -f $c >/dev/null 2>&1 || true; done; rm -rf $work' EXIT

# the bundle: busybox rootfs, /bin/true, no terminal
mkdir -p "$work/bundle/rootfs/bin"
cp /bin/busybox "$work/bundle/rootfs/bin/"
ln -s busybox "$work/bundle/rootfs/bin/true"; ln -s busybox "$work/bundle/rootfs/bin/sleep"
(cd "$work/bundle" && bin=$OLDPWD/bin/crema && "$bin" spec)
sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"true"/' "$work/bundle/config.json"

# the floor: hello world with the launcher's JVM flags and its own AOT cache
flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData"
"$JAVA_HOME/bin/javac" -d "$work/hello" bench/Hello.java
"$JAVA_HOME/bin/jar" cf "$work/hello.jar" -C "$work/hello" .   # an AOT cache needs jars on the class path
# on the runtime crema runs on (the build's jlink'ed one), so the floor is crema's own
java="$JAVA_HOME/bin/java"; [ -x target/runtime/bin/java ] && java=target/runtime/bin/java
"$java" $flags -XX:AOTCacheOutput="$work/hello.aot" -cp "$work/hello.jar" Hello >/dev/null 2>&1
hello="$java $flags -XX:AOTCache=$work/hello.aot -cp $work/hello.jar Hello"

C="bin/crema --root $work/crema"
R="runc --root $work/runc"
out="$work/results.md"
hyperfine -N --warmup 3 --runs 30 --export-markdown "$work/run.md" \
    -n "crema run" "$C run --bundle $work/bundle bench-run" \
    -n "runc run" "$R run --bundle $work/bundle bench-run"
sed -i 's/"true"$/"sleep", "1000"/' "$work/bundle/config.json"
$C create --bundle "$work/bundle" bench-state
$R create --bundle "$work/bundle" bench-state
hyperfine -N --warmup 3 --runs 50 --export-markdown "$work/state.md" \
    -n "crema state" "$C state bench-state" \
    -n "runc state" "$R state bench-state" \
    -n "java hello (floor)" "$hello"
hyperfine -N --warmup 2 --runs 20 --export-markdown "$work/create.md" \
    --prepare "$C delete -f bench-create" -n "crema create" "$C create --bundle $work/bundle bench-create" \
    --prepare "$R delete -f bench-create" -n "runc create" "$R create --bundle $work/bundle bench-create"
$C delete -f bench-create; $R delete -f bench-create
# exec into a running container: what engines do for every probe and `exec`
$C run -d --bundle "$work/bundle" bench-exec
$R run -d --bundle "$work/bundle" bench-exec </dev/null >/dev/null 2>&1
hyperfine -N --warmup 3 --runs 30 --export-markdown "$work/exec.md" \
    -n "crema exec" "$C exec bench-exec true" \
    -n "runc exec" "$R exec bench-exec true"

{
    echo
    echo "## $(date -u +%Y-%m-%d) ($(uname -r), $(nproc) cores, $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $(runc --version | head -1))"
    echo
    cat "$work/run.md"; echo; cat "$work/state.md"; echo; cat "$work/create.md"; echo; cat "$work/exec.md"
} >> docs/performance.md
echo "appended to docs/performance.md"
