package dev.crema.plan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * runc 1.1's answer to profiles older than the kernel: a syscall numbered above every syscall the profile names
 * fails with ENOSYS instead of the default action, so a program (glibc trying statx or clone3 first) falls back
 * to the older call as it would on an older kernel, rather than failing on the profile's EPERM. This is a short
 * classic-BPF prefix put before libseccomp's program, for the native architecture (x86_64, not its x32 calls);
 * a permissive default action needs none.
 */
final class EnosysStub {
    private static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int ENOSYS = 38;
    private static final int LD_W_ABS = 0x20, JEQ_K = 0x15, JGT_K = 0x25, JSET_K = 0x45, RET_K = 0x06;
    private static final int RET_ERRNO = 0x00050000;
    static final int LENGTH = 6;

    private EnosysStub() {}

    /**
     * @param bpf          libseccomp's exported program
     * @param lastSyscall  the highest native syscall number the profile names, or -1 for none
     * @return the program with the stub in front, or {@code bpf} when no stub applies
     */
    static byte[] prepend(byte[] bpf, int defaultAction, int lastSyscall, boolean nativeArchFiltered) {
        boolean permissive = defaultAction == 0x7fff0000 || defaultAction == 0x7ffc0000; // ALLOW, LOG
        if (permissive || lastSyscall < 0 || !nativeArchFiltered
                || !System.getProperty("os.arch").equals("amd64")) {
            return bpf;
        }
        ByteBuffer out = ByteBuffer.allocate(LENGTH * 8 + bpf.length).order(ByteOrder.LITTLE_ENDIAN);
        // jump offsets count the instructions skipped: 4 from the arch test and 2 from the x32 test reach the
        // original program's first instruction, which loads what it needs itself
        insn(out, LD_W_ABS, 0, 0, 4);                      // A = seccomp_data.arch
        insn(out, JEQ_K, 0, 4, AUDIT_ARCH_X86_64);          // another architecture: the original program
        insn(out, LD_W_ABS, 0, 0, 0);                      // A = seccomp_data.nr
        insn(out, JSET_K, 2, 0, X32_SYSCALL_BIT);           // an x32 call: the original program
        insn(out, JGT_K, 0, 1, lastSyscall);                // newer than the profile: ENOSYS
        insn(out, RET_K, 0, 0, RET_ERRNO | ENOSYS);
        out.put(bpf);
        return out.array();
    }

    private static void insn(ByteBuffer out, int code, int jt, int jf, int k) {
        out.putShort((short) code).put((byte) jt).put((byte) jf).putInt(k);
    }
}
