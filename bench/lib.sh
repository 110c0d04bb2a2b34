# Sourced by the benchmarks (from the checkout's top): what they all set up the same way.

# bundles WORK: WORK/bundle runs busybox's /bin/true, WORK/sleeper `sleep 1000` (for the commands on a created or
# running container); no terminal; ociVersion 1.0.2, the newest crun 1.8.1 accepts. Made with this checkout's
# `crema spec`, run without a server so it works before any is started.
bundles() {
    mkdir -p "$1/bundle/rootfs/bin"
    cp /bin/busybox "$1/bundle/rootfs/bin/"
    ln -s busybox "$1/bundle/rootfs/bin/true"; ln -s busybox "$1/bundle/rootfs/bin/sleep"
    (cd "$1/bundle" && CREMA_NO_SERVER=1 "$OLDPWD/bin/crema" spec)
    sed -i 's/"terminal": true/"terminal": false/; s/"sh"$/"true"/; s/"ociVersion": "[^"]*"/"ociVersion": "1.0.2"/' \
        "$1/bundle/config.json"
    cp -r "$1/bundle" "$1/sleeper"
    sed -i 's/"true"$/"sleep", "1000"/' "$1/sleeper/config.json"
}

# crun_binary WORK prints the crun to time, as a path an engine can take as its runtime. In a cgroup2 view
# (bench/cgroup2-view) that is a two-line wrapper in WORK that preloads bench/memlock-shim.c (why: there); it
# costs one sh start per call (about 0.1-0.7 ms, measured with hyperfine against /bin/true), which crun's column
# then carries. Elsewhere it is crun itself.
crun_binary() {
    if [ -z "${CREMA_BENCH_CGROUP2:-}" ]; then command -v crun; return; fi
    gcc -shared -fPIC -O2 -o "$1/memlock-shim.so" bench/memlock-shim.c -ldl
    printf '#!/bin/sh\nLD_PRELOAD=%s exec %s "$@"\n' "$1/memlock-shim.so" "$(command -v crun)" > "$1/crun-memlock"
    chmod +x "$1/crun-memlock"
    echo "$1/crun-memlock"
}
