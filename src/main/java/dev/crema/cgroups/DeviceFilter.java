package dev.crema.cgroups;

import dev.crema.sys.Bpf;
import dev.crema.sys.Fds;
import dev.crema.sys.SyscallException;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * cgroup v2 has no devices.allow: device access is decided by an eBPF program attached to the cgroup, as runc
 * and crun do. This assembles it from the device rules: the rules are checked last to first (a later rule
 * overrides an earlier one, as writes to v1's files do), the first that matches the access returns its
 * verdict, and a rule for every device ("a *:* rwm") ends the program there.
 */
public final class DeviceFilter {
    /** One rule: type 'a', 'c' or 'b'; major and minor -1 for any; access a subset of "rwm". */
    public record Rule(boolean allow, char type, long major, long minor, String access) {}

    private static final int ACC_MKNOD = 1, ACC_READ = 2, ACC_WRITE = 4, DEV_BLOCK = 1, DEV_CHAR = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private DeviceFilter() {}

    /** Assembles the program and attaches it to the cgroup v2 directory. */
    public static void attach(String cgroupDir, List<Rule> rules, String field) {
        byte[] program = assemble(rules);
        int fd;
        try {
            fd = Bpf.loadDeviceProgram(program, "Apache");
        } catch (SyscallException e) {
            throw new CgroupException(field + ": load the cgroup v2 device filter: " + e.getMessage());
        }
        try {
            Bpf.attachDeviceProgram(cgroupDir, fd);
        } catch (SyscallException e) {
            throw new CgroupException(field + ": attach the device filter to " + cgroupDir + ": " + e.getMessage());
        } finally {
            Fds.close(fd); // the attachment keeps the program
        }
    }

    static byte[] assemble(List<Rule> rules) {
        DeviceFilter f = new DeviceFilter();
        // w2 = device type, w3 = requested access, w4 = major, w5 = minor (struct bpf_cgroup_dev_ctx)
        f.insn(0x61, 2, 1, 0, 0);
        f.insn(0x54, 2, 0, 0, 0xffff);
        f.insn(0x61, 3, 1, 0, 0);
        f.insn(0x74, 3, 0, 0, 16);
        f.insn(0x61, 4, 1, 4, 0);
        f.insn(0x61, 5, 1, 8, 0);
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (f.rule(rules.get(i))) return f.out.toByteArray(); // matches every access: nothing before it counts
        }
        // no rule matched: allowed, as a cgroup without device rules allows
        f.insn(0xb7, 0, 0, 0, 1);
        f.insn(0x95, 0, 0, 0, 0);
        return f.out.toByteArray();
    }

    /** Emits one rule's checks and verdict; returns true when it matches everything. */
    private boolean rule(Rule r) {
        int mask = 0;
        for (char c : r.access().toCharArray()) mask |= c == 'r' ? ACC_READ : c == 'w' ? ACC_WRITE : c == 'm' ? ACC_MKNOD : 0;
        boolean anyType = r.type() == 'a';
        boolean anyAccess = mask == (ACC_READ | ACC_WRITE | ACC_MKNOD);
        boolean anyMajor = r.major() < 0, anyMinor = r.minor() < 0;
        int checks = (anyType ? 0 : 1) + (anyAccess ? 0 : 3) + (anyMajor ? 0 : 1) + (anyMinor ? 0 : 1);
        int left = checks + 2; // the instructions after the first check, up to the end of the block
        if (!anyType) {
            insn(0x55, 2, 0, --left, r.type() == 'c' ? DEV_CHAR : DEV_BLOCK); // if w2 != type skip
        }
        if (!anyAccess) {
            insn(0xbc, 1, 3, 0, 0);          // w1 = w3
            left--;
            insn(0x54, 1, 0, 0, mask);       // w1 &= mask
            left--;
            insn(0x5d, 1, 3, --left, 0);     // if w1 != w3 skip (asks for more than the rule gives)
        }
        if (!anyMajor) insn(0x55, 4, 0, --left, (int) r.major());
        if (!anyMinor) insn(0x55, 5, 0, --left, (int) r.minor());
        insn(0xb7, 0, 0, 0, r.allow() ? 1 : 0);
        insn(0x95, 0, 0, 0, 0);
        return checks == 0;
    }

    private void insn(int code, int dst, int src, int off, int imm) {
        out.write(code);
        out.write((src << 4) | dst);
        out.write(off & 0xff);
        out.write((off >> 8) & 0xff);
        out.write(imm & 0xff);
        out.write((imm >> 8) & 0xff);
        out.write((imm >> 16) & 0xff);
        out.write((imm >> 24) & 0xff);
    }
}
