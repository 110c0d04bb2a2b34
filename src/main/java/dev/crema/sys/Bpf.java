package dev.crema.sys;

/** The bpf(2) calls of the cgroup v2 device filter, one native method each (native/libcrema.c). */
public final class Bpf {
    static { NativeLibrary.ensureLoaded(); }

    private Bpf() {}

    /** bpf(BPF_PROG_LOAD) of a BPF_PROG_TYPE_CGROUP_DEVICE program (8-byte instructions); returns its fd. */
    public static native int loadDeviceProgram(byte[] instructions, String license);

    /** bpf(BPF_PROG_ATTACH, BPF_CGROUP_DEVICE, BPF_F_ALLOW_MULTI) of the program to the cgroup directory. */
    public static native void attachDeviceProgram(String cgroupDir, int programFd);
}
