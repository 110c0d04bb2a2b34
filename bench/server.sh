#!/bin/sh
# Server mode against the plain CLI, runc and crun (docs/server.md, docs/performance.md): `state` of a created
# container and `run` of /bin/true, one hyperfine run each, side by side; and the native client's own size and
# start time (`--version` through a server, and the client's fallback exec counted in the plain CLI's column).
# Root needed; prints markdown tables, records nothing. Not a test.
set -eu
cd "$(dirname "$0")/.."
[ -x target/libexec/crema ] || { echo "bench/server.sh: build first (./build)" >&2; exit 1; }
work=$(mktemp -d /tmp/crema-server-bench.XXXXXX)
C="bin/crema --root $work/crema"
trap 'for c in bench-state; do CREMA_NO_SERVER=1 $C delete -f $c >/dev/null 2>&1 || true; runc --root $work/runc delete -f $c >/dev/null 2>&1 || true; crun --root $work/crun delete -f $c >/dev/null 2>&1 || true; done; $C server stop >/dev/null 2>&1 || true; rm -rf $work' EXIT

mkdir -p "$work/bundle/rootfs/bin"
cp /bin/busybox "$work/bundle/rootfs/bin/"
ln -s busybox "$work/bundle/rootfs/bin/true"; ln -s busybox "$work/bundle/rootfs/bin/sleep"
(cd "$work/bundle" && CREMA_NO_SERVER=1 "$OLDPWD/bin/crema" spec)
# ociVersion 1.0.2: crun 1.8 refuses crema's 1.2.0 ("unknown version specified")
sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"true"/; s/"ociVersion": "[^"]*"/"ociVersion": "1.0.2"/' "$work/bundle/config.json"

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

# crun 1.8 refuses every container on a hybrid host whose cgroup2 mount carries a controller (this one's has
# hugetlb): "cgroups in hybrid mode not supported"; it is left out then, with its words
set -- -n "crema run (no server)" "env CREMA_NO_SERVER=1 $C run --bundle $work/bundle bench-run" \
    -n "crema run (server)" "$C run --bundle $work/bundle bench-run" \
    -n "runc run" "runc --root $work/runc run --bundle $work/bundle bench-run"
crun_runs=
if crun --root "$work/crun" run --bundle "$work/bundle" bench-check; then
    crun_runs=1
    set -- "$@" -n "crun run" "crun --root $work/crun run --bundle $work/bundle bench-run"
else
    echo "crun left out: it cannot run a container on this host"
fi
hyperfine -N --warmup 5 --runs 40 --style basic "$@"
sed -i 's/"true"$/"sleep", "1000"/' "$work/bundle/config.json"
$C create --bundle "$work/bundle" bench-state
runc --root "$work/runc" create --bundle "$work/bundle" bench-state
set -- -n "crema state (no server)" "env CREMA_NO_SERVER=1 $C state bench-state" \
    -n "crema state (server)" "$C state bench-state" \
    -n "runc state" "runc --root $work/runc state bench-state" \
    -n "crema --version (server)" "$C --version"
if [ -n "$crun_runs" ]; then
    crun --root "$work/crun" create --bundle "$work/bundle" bench-state
    set -- "$@" -n "crun state" "crun --root $work/crun state bench-state"
fi
hyperfine -N --warmup 5 --runs 60 --style basic "$@"
# the client's own cost in a fallback: the same JVM command through the client and without it (env is in both)
hyperfine -N --warmup 5 --runs 40 --style basic \
    -n "crema --version (client, no server)" "env CREMA_NO_SERVER=1 $C --version" \
    -n "crema-jvm --version (no client)" "env CREMA_NO_SERVER=1 bin/crema-jvm --root $work/crema --version"
echo "server RSS at the end: $(rss)"
