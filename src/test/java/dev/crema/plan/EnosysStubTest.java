package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.crema.spec.LinuxSeccomp;
import dev.crema.spec.SpecParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EnosysStubTest {
    private static LinuxSeccomp profile(String defaultAction) {
        return SpecParser.parse("""
                {"ociVersion": "1.2.0", "process": {"user": {"uid": 0, "gid": 0}, "args": ["sh"], "cwd": "/"},
                 "root": {"path": "rootfs"}, "linux": {"namespaces": [{"type": "mount"}],
                 "seccomp": {"defaultAction": "%s", "architectures": ["SCMP_ARCH_X86_64"],
                   "syscalls": [{"names": ["read", "openat", "no_such_call"], "action": "SCMP_ACT_ALLOW"},
                                {"names": ["mkdir"], "action": "SCMP_ACT_ERRNO"}]}}}
                """.formatted(defaultAction)).linux().seccomp();
    }

    private static int[] insn(byte[] bpf, int index) {
        ByteBuffer b = ByteBuffer.wrap(bpf, index * 8, 8).order(ByteOrder.LITTLE_ENDIAN);
        return new int[] {b.getShort() & 0xffff, b.get() & 0xff, b.get() & 0xff, b.getInt()};
    }

    @Test
    void callsAboveTheHighestNamedOneGetEnosys() {
        byte[] bpf = SeccompFilter.compile(profile("SCMP_ACT_ERRNO")).bpf();
        assertArrayEquals(new int[] {0x20, 0, 0, 4}, insn(bpf, 0));
        assertArrayEquals(new int[] {0x15, 0, 4, 0xC000003E}, insn(bpf, 1));
        assertArrayEquals(new int[] {0x45, 2, 0, 0x40000000}, insn(bpf, 3));
        // openat is 257 on x86_64, the highest the profile names (mkdir 83 and read 0 are below it)
        assertArrayEquals(new int[] {0x25, 0, 1, 257}, insn(bpf, 4));
        assertArrayEquals(new int[] {0x06, 0, 0, 0x00050000 | 38}, insn(bpf, 5));
    }

    @Test
    void aPermissiveDefaultOrAnotherArchitectureGetsNoStub() {
        byte[] program = {1, 2, 3, 4, 5, 6, 7, 8};
        assertSame(program, EnosysStub.prepend(program, 0x7fff0000, 257, true)); // SCMP_ACT_ALLOW
        assertSame(program, EnosysStub.prepend(program, 0x7ffc0000, 257, true)); // SCMP_ACT_LOG
        assertSame(program, EnosysStub.prepend(program, 0x00050001, 257, false)); // x86_64 not filtered
        byte[] stubbed = EnosysStub.prepend(program, 0x00050001, 257, true);
        assertEquals(EnosysStub.LENGTH * 8 + program.length, stubbed.length);
        assertArrayEquals(program, Arrays.copyOfRange(stubbed, EnosysStub.LENGTH * 8, stubbed.length));
    }
}
