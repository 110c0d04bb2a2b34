package dev.crema.plan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes a plan in the wire form of native/PLAN.md (little-endian, as the init reads it on x86_64). */
public final class PlanEncoder {
    static final int MAGIC = 0x31505243; // "CRP1"

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

    private PlanEncoder() {}

    /** The whole message: u32 length followed by the plan. */
    public static byte[] encode(Plan plan) {
        PlanEncoder body = new PlanEncoder();
        body.u32(MAGIC);
        body.u32(plan.steps().size());
        for (Step step : plan.steps()) {
            try {
                body.op(step.op());
            } catch (IllegalArgumentException nul) {
                throw new PlanException(step.origin() + ": " + nul.getMessage());
            }
        }
        byte[] bytes = body.out.toByteArray();
        PlanEncoder framed = new PlanEncoder();
        framed.u32(bytes.length);
        framed.out.writeBytes(bytes);
        return framed.out.toByteArray();
    }

    private void op(Op op) {
        switch (op) {
            case Op.SetNs s -> { u32(1); str(s.path()); i64(s.nsType()); }
            case Op.Unshare u -> { u32(2); i64(u.flags()); }
            case Op.SyncIdmap s -> u32(3);
            case Op.TimeOffsets t -> { u32(4); i64(t.monoSec()); i64(t.monoNsec()); i64(t.bootSec()); i64(t.bootNsec()); }
            case Op.Fork f -> u32(5);
            case Op.Setsid s -> u32(6);
            case Op.SetPropagation p -> { u32(7); str(p.path()); i64(p.flags()); }
            case Op.BindRootfs b -> { u32(8); str(b.rootfs()); }
            case Op.Mount m -> {
                u32(9); str(m.source()); str(m.targetInRoot()); str(m.fsType()); i64(m.flags()); str(m.data());
                i64(m.targetKind() == Op.TargetKind.FILE ? 1 : 0); i64(m.remountFlags()); i64(m.propagationFlags());
            }
            case Op.Mknod m -> { u32(10); str(m.pathInRoot()); i64(m.mode()); i64(m.major()); i64(m.minor()); i64(m.uid()); i64(m.gid()); }
            case Op.Symlink s -> { u32(11); str(s.target()); str(s.linkInRoot()); }
            case Op.PivotRoot p -> u32(12);
            case Op.MoveRoot m -> u32(13);
            case Op.MaskPath m -> { u32(14); str(m.path()); }
            case Op.ReadonlyPath r -> { u32(15); str(r.path()); }
            case Op.RemountReadonly r -> { u32(16); str(r.path()); }
            case Op.SetHostname h -> { u32(17); str(h.name()); }
            case Op.SetDomainname d -> { u32(18); str(d.name()); }
            case Op.WriteProc w -> { u32(19); str(w.pathUnderProc()); str(w.value()); }
            case Op.BoundingSet b -> { u32(20); i64(b.keepMask()); }
            case Op.SetIds s -> {
                u32(21); i64(s.uid()); i64(s.gid());
                u32(s.additionalGids().size());
                for (Long gid : s.additionalGids()) str(Long.toString(gid));
            }
            case Op.SetCaps c -> { u32(22); i64(c.effective()); i64(c.permitted()); i64(c.inheritable()); i64(c.ambient()); }
            case Op.NoNewPrivs n -> u32(23);
            case Op.Umask u -> { u32(24); i64(u.mask()); }
            case Op.Chdir c -> { u32(25); str(c.path()); }
            case Op.ResolveExec r -> { u32(26); list(r.args()); list(r.env()); }
            case Op.OpenExecFifo o -> { u32(27); str(o.hostPath()); }
            case Op.WaitStartExec w -> u32(28);
            case Op.LoopbackUp l -> u32(29);
        }
    }

    private void u32(int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private void i64(long v) {
        u32((int) v);
        u32((int) (v >>> 32));
    }

    private void str(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character, which no system call can take");
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        u32(bytes.length);
        out.writeBytes(bytes);
    }

    private void list(List<String> items) {
        u32(items.size());
        for (String item : items) str(item);
    }
}
