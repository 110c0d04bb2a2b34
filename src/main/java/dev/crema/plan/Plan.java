package dev.crema.plan;

import java.util.List;

/** The compiled form of a container: what the init will do, in order. Printable for --debug. */
public record Plan(List<Step> steps) {

    /** The origin and name of the step the init reported as failing, for error messages. */
    public String describe(int index) {
        if (index < 0 || index >= steps.size()) {
            return "init step " + index;
        }
        Step step = steps.get(index);
        return step.origin() + ": " + opName(step.op());
    }

    /** One line per step: index, origin and the operation with its arguments. */
    public String dump() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            out.append(i).append('\t').append(step.origin()).append('\t').append(step.op()).append('\n');
        }
        return out.toString();
    }

    static String opName(Op op) {
        return switch (op) {
            case Op.SetNs s -> "setns " + s.path();
            case Op.Unshare u -> "unshare";
            case Op.SyncIdmap s -> "write uid/gid mappings";
            case Op.TimeOffsets t -> "write timens_offsets";
            case Op.Fork f -> "fork";
            case Op.Setsid s -> "setsid";
            case Op.SetPropagation p -> "set mount propagation of " + p.path();
            case Op.BindRootfs b -> "bind mount rootfs " + b.rootfs();
            case Op.Mount m -> "mount " + (m.fsType().isEmpty() ? "" : m.fsType() + " ") + "on " + m.targetInRoot();
            case Op.Mknod m -> "mknod " + m.pathInRoot();
            case Op.Symlink s -> "symlink " + s.linkInRoot();
            case Op.PivotRoot p -> "pivot_root";
            case Op.MoveRoot m -> "move root (--no-pivot)";
            case Op.MaskPath m -> "mask " + m.path();
            case Op.ReadonlyPath r -> "make read-only " + r.path();
            case Op.RemountReadonly r -> "remount read-only " + r.path();
            case Op.SetHostname h -> "sethostname";
            case Op.SetDomainname d -> "setdomainname";
            case Op.WriteProc w -> "write /proc/" + w.pathUnderProc();
            case Op.BoundingSet b -> "drop bounding capabilities";
            case Op.SetIds s -> "set uid/gid/groups";
            case Op.SetCaps s -> "set capabilities";
            case Op.NoNewPrivs n -> "set no_new_privs";
            case Op.Umask u -> "umask";
            case Op.Chdir c -> "chdir " + c.path();
            case Op.ResolveExec r -> "exec " + (r.args().isEmpty() ? "" : r.args().getFirst());
            case Op.OpenExecFifo o -> "open exec fifo";
            case Op.WaitStartExec w -> "execve";
            case Op.LoopbackUp l -> "bring up lo";
        };
    }
}
