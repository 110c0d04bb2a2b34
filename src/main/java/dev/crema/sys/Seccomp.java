package dev.crema.sys;

/**
 * libseccomp, one native method per library call (native/libcrema.c): the controller builds the filter and
 * exports its BPF; crema-init only loads the bytes. Contexts are opaque handles (the C pointer).
 */
public final class Seccomp {
    static { NativeLibrary.ensureLoaded(); }

    private Seccomp() {}

    /** seccomp_init(defaultAction). */
    public static native long init(int defaultAction);

    /** seccomp_arch_resolve_name(name): the arch token, 0 when unknown. */
    public static native int archResolveName(String name);

    /** seccomp_arch_add(ctx, token); an arch already present is not an error. */
    public static native void archAdd(long ctx, int archToken);

    /** seccomp_syscall_resolve_name(name): the number, negative when this arch has no such call. */
    public static native int syscallResolveName(String name);

    /**
     * seccomp_rule_add_array(ctx, action, syscall, n, args); {@code args} holds n groups of four: arg index,
     * operator (SCMP_CMP_*), value, second value.
     */
    public static native void ruleAdd(long ctx, int action, int syscall, long[] args);

    /** seccomp_attr_set(ctx, attr, value). */
    public static native void attrSet(long ctx, int attr, int value);

    /** seccomp_export_bpf into a memfd, read back: the filter program as the kernel takes it. */
    public static native byte[] exportBpf(long ctx);

    /** seccomp_release(ctx). */
    public static native void release(long ctx);

    /** seccomp_version(): the loaded library's {major, minor, micro}. */
    public static native int[] version();
}
