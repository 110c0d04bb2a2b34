#!/bin/sh
# What the server costs and keeps (docs/server.md, docs/performance.md): the native client's size, the server's
# RSS idle and after 200, 1,200 and 2,200 containers (it must level off, not grow), and what the client adds
# when no server answers (the same JVM command through the client and straight). The commands side by side
# with runc and crun are bench/bench.sh's crema+server column. Root needed; prints, records nothing. Not a test.
set -eu
cd "$(dirname "$0")/.."
[ -x target/libexec/crema ] || { echo "bench/server.sh: build first (./build)" >&2; exit 1; }
work=$(mktemp -d /tmp/crema-server-bench.XXXXXX)
C="bin/crema --root $work/crema"
trap '$C server stop >/dev/null 2>&1 || true; rm -rf $work' EXIT

. bench/lib.sh
bundles "$work"

echo "client: $(stat -c %s target/libexec/crema) bytes (static, stripped)"
$C server start --idle-timeout 30m
rss() { grep VmRSS "/proc/$($C server status | sed -n 's/^pid //p')/status" | tr -s ' \t' ' '; }
echo "server RSS idle: $(rss)"
# the JIT warms up on the very commands it is measured on
for i in $(seq 200); do $C run --bundle "$work/bundle" warm >/dev/null; done
echo "server RSS after 200 containers: $(rss)"
for i in $(seq 1000); do $C run --bundle "$work/bundle" warm >/dev/null; done
echo "server RSS after 1,200 containers: $(rss)"
for i in $(seq 1000); do $C run --bundle "$work/bundle" warm >/dev/null; done
echo "server RSS after 2,200 containers: $(rss)"

# the client's own cost in a fallback: the same JVM command through the client and without it (env is in both)
hyperfine -N --warmup 5 --runs 40 --style basic \
    -n "crema --version (client, no server)" "env CREMA_NO_SERVER=1 $C --version" \
    -n "crema-jvm --version (no client)" "env CREMA_NO_SERVER=1 bin/crema-jvm --root $work/crema --version"
echo "server RSS at the end: $(rss)"
