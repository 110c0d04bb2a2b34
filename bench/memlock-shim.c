/*
 * Preloaded into crun by the benchmarks in a cgroup2 view (bench/cgroup2-view), and nowhere else.
 * crun 1.8.1 raises RLIMIT_MEMLOCK to infinity before it loads its device filter (eBPF) on cgroup v2, and fails
 * when it cannot. Since Linux 5.11 eBPF memory is charged to the memory cgroup, not to that limit, so the
 * call changes nothing the kernel checks; but this machine's sessions run with a hard limit of 8 MiB and
 * without CAP_SYS_RESOURCE, so crun would refuse every container. This lets exactly that one refusal pass.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <sys/resource.h>

int setrlimit(__rlimit_resource_t resource, const struct rlimit *limit) {
    static int (*real)(__rlimit_resource_t, const struct rlimit *);
    if (real == NULL) real = (int (*)(__rlimit_resource_t, const struct rlimit *)) dlsym(RTLD_NEXT, "setrlimit");
    int ret = real(resource, limit);
    if (ret < 0 && errno == EPERM && resource == RLIMIT_MEMLOCK) return 0;
    return ret;
}
