#!/bin/sh
# The engine rows: podman, ctr (containerd) and docker `run --rm IMG true` with crema (without and with a warm
# `crema server`), runc and crun as the runtime, one hyperfine run per engine (the runtimes side by side),
# appended with the date to docs/performance.md. Root needed. Not a test. RUNS (default 10) sets hyperfine's
# runs per command. Run it through bench/cgroup2-view to have crun in it on a hybrid host like this one.
#
# It sets everything up itself, as the engine tests do (src/test/java/dev/crema/it/EngineFixture.java), in one
# private directory: a busybox image made here (no registry is reachable), podman with storage, run and tmp
# directories of its own, a containerd and a dockerd of its own on private sockets and data roots (dockerd
# started by hand, not through /etc/init.d). On exit, whatever happened, it stops the daemons, detaches every
# mount under that directory, removes it, removes the cgroups and /run directories the engines made that
# were not there before, and says if anything it made is still there.
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench/engines.sh: run as root (the engines and runtimes need it)" >&2; exit 1; }
. scripts/jdk.sh
scripts/deps engines
[ -x target/libexec/crema-init ] || ./build
repo=$PWD
crema=$repo/bin/crema
runc=$(command -v runc)
runs=${RUNS:-10}

work=$(mktemp -d /tmp/crema-engines.XXXXXX)
. bench/lib.sh
crun=$(crun_binary "$work")
# Without the server: the same client told not to look for one, as a runtime path an engine can take (one sh
# start per call, about 0.1-0.7 ms). With it: the client itself, and a server for each root the engine gives
# crema (as EngineFixture observed them: podman none, so /run/crema; containerd's shim
# /run/containerd/runc/NAMESPACE; dockerd EXEC_ROOT/runtime-runc/moby).
printf '#!/bin/sh\nCREMA_NO_SERVER=1 exec %s "$@"\n' "$crema" > "$work/crema-no-server"
chmod +x "$work/crema-no-server"
servers=""
serve() { # root: a warm server for it, stopped by cleanup; its count of commands served is checked at the end
    "$crema" --root "$1" server start --idle-timeout 30m >/dev/null
    servers="$servers $1"
}
served() { # root: the commands its server served
    CREMA_NO_SERVER=1 "$crema" --root "$1" server status | sed -n 's/^served //p'
}
# what the host had before: the engines leave cgroup parents and /run directories behind
before=$(mktemp -d /tmp/crema-engines-before.XXXXXX)
find /sys/fs/cgroup -mindepth 1 -type d 2>/dev/null | sort > "$before/cgroups"
find /run -maxdepth 3 2>/dev/null | sort > "$before/run"
containerd_pid=""
dockerd_pid=""

stop() { # pid: TERM, then KILL after 20 s
    [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
    kill "$1"
    i=0
    while kill -0 "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$1" 2>/dev/null || true
}

cleanup() {
    set +e
    for root in $servers; do CREMA_NO_SERVER=1 "$crema" --root "$root" server stop >/dev/null 2>&1; done
    stop "$dockerd_pid"
    stop "$containerd_pid"
    # mounts under the private directory, deepest first (overlay snapshots, shm, the engines' own)
    awk -v w="$work" 'index($5, w) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r m; do
        umount -l "$m"
    done
    rm -rf "$work"
    # cgroups made since (the engines' parents: libpod_parent, docker, the containerd namespace), deepest first
    find /sys/fs/cgroup -mindepth 1 -type d 2>/dev/null | sort | comm -13 "$before/cgroups" - \
        | awk '{ print gsub("/", "/"), $0 }' | sort -rn | cut -d' ' -f2- | while read -r d; do rmdir "$d" 2>/dev/null; done
    # /run directories made since (the shims' runtime roots, /run/docker/plugins, ...): only empty ones
    find /run -maxdepth 3 2>/dev/null | sort | comm -13 "$before/run" - | sort -r | while read -r d; do
        [ -d "$d" ] && rmdir "$d" 2>/dev/null
    done
    left=$(find /sys/fs/cgroup -mindepth 1 -type d 2>/dev/null | sort | comm -13 "$before/cgroups" -;
           find /run -maxdepth 3 2>/dev/null | sort | comm -13 "$before/run" -)
    rm -rf "$before"
    if [ -n "$left" ]; then
        echo "bench/engines.sh: still there after cleanup (not made by this run, or in use):" >&2
        echo "$left" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the image: busybox with `true`, as a tar (podman, docker) and as an OCI image layout (containerd)
rootfs=$work/rootfs
mkdir -p "$rootfs/bin" "$rootfs/proc" "$rootfs/dev" "$rootfs/sys" "$rootfs/tmp" "$rootfs/etc"
cp /bin/busybox "$rootfs/bin/"
ln -s busybox "$rootfs/bin/true"; ln -s busybox "$rootfs/bin/sh"
tar -C "$rootfs" -cf "$work/rootfs.tar" .
python3 src/test/resources/oci-image.py "$rootfs" "$work/oci-image.tar" true
image=localhost/crema-bench-busybox:latest

# One hyperfine run of an engine with the three runtimes. A runtime whose first run fails is left out, and
# its error kept for the table: crun 1.8.1 refuses any container on a host whose cgroup2 mount in hybrid mode
# carries a controller ("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"), as this
# machine's does (hugetlb).
bench_engine() { # engine, root, then the command for crema, crema+server, runc, crun
    engine=$1 root=$2; shift 2
    set -- "crema" "$1" "crema+server" "$2" "runc" "$3" "crun" "$4"
    serve "$root"
    # the server's JIT compiles what it is timed on (bench/bench.sh warms it likewise)
    for i in $(seq 20); do $4 >/dev/null 2>&1 || break; done
    args=""
    while [ $# -gt 0 ]; do
        if $2 >"$work/$engine-$1.out" 2>&1; then
            args="$args -n '$engine + $1' '$2'"
        else
            echo "$engine + $1 fails: $(tail -1 "$work/$engine-$1.out")" | tee "$work/$engine-$1.failed" >&2
        fi
        shift 2
    done
    eval hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/$engine.json" \
        --export-markdown "$work/$engine.md" "$args"
    # the server column is what it says only if the engine's calls went through the server
    n=$(served "$root")
    [ "${n:-0}" -gt 0 ] || { echo "bench/engines.sh: the server of $root served no command of $engine" >&2; exit 1; }
    echo "$engine: the server of $root served $n commands"
}

ready() { # what: poll a command until it succeeds (20 s at most)
    i=0
    until "$@" >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -lt 200 ] || { echo "bench/engines.sh: not ready in 20 s: $*" >&2; exit 1; }
        sleep 0.1
    done
}

# --- podman: storage, run and tmp directories of its own; crema listed as a JSON-log runtime, as PodmanIT does
mkdir -p "$work/podman"
cat > "$work/podman/containers.conf" <<EOF
[containers]
# raising a hard limit needs CAP_SYS_RESOURCE, which this machine's bounding set lacks (podman's default
# raises nofile and nproc), for runc and crun too
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime_supports_json = ["crema", "crun", "runc"]
EOF
# in a cgroup2 view the pids controller stays with its v1 hierarchy, so podman's default pids limit (2048 on
# cgroup v2) cannot be set by any runtime: none there
[ -z "${CREMA_BENCH_CGROUP2:-}" ] || sed -i 's/^\[containers\]$/[containers]\npids_limit = 0/' "$work/podman/containers.conf"
podman() {
    env CONTAINERS_CONF="$work/podman/containers.conf" /usr/bin/podman --root "$work/podman/storage" \
        --runroot "$work/podman/run" --tmpdir "$work/podman/tmp" "$@"
}
podman import "$work/rootfs.tar" "$image" >/dev/null
p="env CONTAINERS_CONF=$work/podman/containers.conf /usr/bin/podman --root $work/podman/storage --runroot $work/podman/run --tmpdir $work/podman/tmp"
bench_engine podman /run/crema "$p --runtime $work/crema-no-server run --rm --network none $image true" \
    "$p --runtime $crema run --rm --network none $image true" "$p --runtime $runc run --rm --network none $image true" "$p --runtime $crun run --rm --network none $image true"
podman rmi -f "$image" >/dev/null

# --- containerd of its own (no CRI), ctr through the runc shim with each runtime as its runc binary
mkdir -p "$work/containerd"
cat > "$work/containerd/config.toml" <<EOF
version = 2
root = "$work/containerd/root"
state = "$work/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$work/containerd/containerd.sock"
EOF
containerd --config "$work/containerd/config.toml" >"$work/containerd.log" 2>&1 &
containerd_pid=$!
c="ctr --address $work/containerd/containerd.sock --namespace crema-bench"
ready $c version
$c images import --base-name localhost/crema-bench-busybox "$work/oci-image.tar" >/dev/null
# in a cgroup2 view the cpu controller stays with its v1 hierarchy, and ctr sets cpu shares (1024) unless told 0
shim="run --rm${CREMA_BENCH_CGROUP2:+ --cpu-shares 0} --runtime io.containerd.runc.v2 --runc-binary"
bench_engine ctr /run/containerd/runc/crema-bench "$c $shim $work/crema-no-server $image bench-crema true" \
    "$c $shim $crema $image bench-crema-server true" "$c $shim $runc $image bench-runc true" \
    "$c $shim $crun $image bench-crun true"
stop "$containerd_pid"; containerd_pid=""

# --- dockerd of its own, by hand: private data and exec roots and socket, no networking set up
mkdir -p "$work/docker/config"
dockerd --data-root "$work/docker/root" --exec-root "$work/docker/exec" --host "unix://$work/docker/docker.sock" \
    --pidfile "$work/docker/docker.pid" --iptables=false --bridge=none \
    --add-runtime "crema=$work/crema-no-server" --add-runtime "crema-server=$crema" --add-runtime "crun=$crun" >"$work/dockerd.log" 2>&1 &
dockerd_pid=$!
d="env DOCKER_CONFIG=$work/docker/config /usr/bin/docker --host unix://$work/docker/docker.sock"
ready $d version
$d import "$work/rootfs.tar" "$image" >/dev/null
bench_engine docker "$work/docker/exec/runtime-runc/moby" "$d run --rm --network none --runtime crema $image true" \
    "$d run --rm --network none --runtime crema-server $image true" "$d run --rm --network none --runtime runc $image true" "$d run --rm --network none --runtime crun $image true"
$d rmi -f "$image" >/dev/null
stop "$dockerd_pid"; dockerd_pid=""

# one table: the mean of each, and crema against runc
table=$(python3 - "$work" <<'EOF'
import json, os, sys
work = sys.argv[1]
print("| engine `run --rm IMG true` | crema | crema+server | runc | crun | crema/runc | crema+server/runc | crema+server/crun |")
print("|:---|---:|---:|---:|---:|---:|---:|---:|")
for engine in ("podman", "ctr", "docker"):
    results = {r["command"].split(" + ")[1]: r for r in json.load(open(f"{work}/{engine}.json"))["results"]}
    def cell(runtime):
        if runtime not in results:
            return "fails: " + open(f"{work}/{engine}-{runtime}.failed").read().split(" fails: ", 1)[1].strip()
        r = results[runtime]
        return f"{r['mean'] * 1000:.0f} ± {r['stddev'] * 1000:.0f} ms"
    def ratio(a, b):
        return f"{results[a]['mean'] / results[b]['mean']:.2f}x" if a in results and b in results else "–"
    print(f"| {engine} | {cell('crema')} | {cell('crema+server')} | {cell('runc')} | {cell('crun')} | "
          f"{ratio('crema', 'runc')} | {ratio('crema+server', 'runc')} | {ratio('crema+server', 'crun')} |")
EOF
)
{
    echo
    echo "## $(date -u +%Y-%m-%d) engines: bench/engines.sh ($(uname -r), $(nproc) cores, $runs runs + 2 warmups each," \
        "$(/usr/bin/podman --version), $(ctr --version | cut -d' ' -f1,3), $(/usr/bin/docker --version | cut -d, -f1)," \
        "$(runc --version | head -1), $(crun --version | head -1), crema $(bin/crema --version | head -1 | cut -d' ' -f3) $(git rev-parse --short HEAD 2>/dev/null || true)${CREMA_BENCH_CGROUP2:+, in a cgroup2 view (bench/cgroup2-view)})"
    echo
    echo "$table"
    echo
    for engine in podman ctr docker; do cat "$work/$engine.md"; echo; done
} >> docs/performance.md
echo "$table"
echo "appended to docs/performance.md"
