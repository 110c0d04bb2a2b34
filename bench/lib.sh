# Sourced by the benchmarks: crun_binary WORK prints the crun to time, as a path an engine can take as its
# runtime. In a cgroup2 view (bench/cgroup2-view) that is a two-line wrapper in WORK that preloads
# bench/memlock-shim.c (why: there); it costs one sh start per call (about 0.1-0.7 ms, measured with hyperfine
# against /bin/true), which crun's column then carries. Elsewhere it is crun itself.
crun_binary() {
    if [ -z "${CREMA_BENCH_CGROUP2:-}" ]; then command -v crun; return; fi
    gcc -shared -fPIC -O2 -o "$1/memlock-shim.so" bench/memlock-shim.c -ldl
    printf '#!/bin/sh\nLD_PRELOAD=%s exec %s "$@"\n' "$1/memlock-shim.so" "$(command -v crun)" > "$1/crun-memlock"
    chmod +x "$1/crun-memlock"
    echo "$1/crun-memlock"
}
