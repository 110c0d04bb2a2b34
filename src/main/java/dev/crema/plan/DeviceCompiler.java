package dev.crema.plan;

import dev.crema.spec.LinuxDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * The device nodes and /dev symlinks every container gets (runc's defaults), plus linux.devices. Inside a new
 * user namespace mknod is refused, so each device is a bind of the host's node, as runc does.
 */
final class DeviceCompiler {
    private record Node(String path, String type, long major, long minor, long mode, long uid, long gid, String origin) {}

    private static final List<Node> DEFAULTS = List.of(
            new Node("/dev/null", "c", 1, 3, 0666, 0, 0, "runtime default device /dev/null"),
            new Node("/dev/zero", "c", 1, 5, 0666, 0, 0, "runtime default device /dev/zero"),
            new Node("/dev/full", "c", 1, 7, 0666, 0, 0, "runtime default device /dev/full"),
            new Node("/dev/random", "c", 1, 8, 0666, 0, 0, "runtime default device /dev/random"),
            new Node("/dev/urandom", "c", 1, 9, 0666, 0, 0, "runtime default device /dev/urandom"),
            new Node("/dev/tty", "c", 5, 0, 0666, 0, 0, "runtime default device /dev/tty"));

    private static final String[][] SYMLINKS = {
            {"/proc/self/fd", "dev/fd"}, {"/proc/self/fd/0", "dev/stdin"}, {"/proc/self/fd/1", "dev/stdout"},
            {"/proc/self/fd/2", "dev/stderr"}, {"pts/ptmx", "dev/ptmx"}};

    private final boolean userNamespace;
    private final List<Step> out;

    DeviceCompiler(boolean userNamespace, List<Step> out) {
        this.userNamespace = userNamespace;
        this.out = out;
    }

    void compile(List<LinuxDevice> configured) {
        List<Node> nodes = new ArrayList<>();
        for (Node def : DEFAULTS) {
            if (!containsPath(configured, def.path())) nodes.add(def);
        }
        for (int i = 0; i < configured.size(); i++) {
            LinuxDevice d = configured.get(i);
            String origin = "linux.devices[" + i + "] (" + d.path() + ")";
            nodes.add(new Node(d.path(), d.type(), d.major(), d.minor(), d.fileMode() == null ? 0666 : d.fileMode(),
                    d.uid() == null ? 0 : d.uid(), d.gid() == null ? 0 : d.gid(), origin));
        }
        for (Node node : nodes) {
            String target = PlanCompiler.inRoot(node.path());
            if (target.isEmpty()) throw new PlanException(node.origin() + ": path must name a file");
            if (userNamespace && !node.type().equals("p")) {
                out.add(new Step(new Op.Mount(node.path(), target, "", Kernel.MS_BIND, "", Op.TargetKind.FILE, 0, 0),
                        node.origin()));
            } else {
                // the type comes from "type": file-type bits in fileMode (podman sets them) are dropped, as runc
                out.add(new Step(new Op.Mknod(target, typeBits(node) | (node.mode() & 07777), node.major(), node.minor(),
                        node.uid(), node.gid()), node.origin()));
            }
        }
        for (String[] link : SYMLINKS) {
            out.add(new Step(new Op.Symlink(link[0], link[1]), "runtime default symlink /" + link[1]));
        }
        // as runc: /dev/core only where the kernel has /proc/kcore
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/kcore"))) {
            out.add(new Step(new Op.Symlink("/proc/kcore", "dev/core"), "runtime default symlink /dev/core"));
        }
    }

    private static long typeBits(Node node) {
        return switch (node.type()) {
            case "c", "u" -> Kernel.S_IFCHR;
            case "b" -> Kernel.S_IFBLK;
            case "p" -> Kernel.S_IFIFO;
            default -> throw new PlanException(node.origin() + ": unknown device type \"" + node.type() + "\"");
        };
    }

    private static boolean containsPath(List<LinuxDevice> devices, String path) {
        for (LinuxDevice d : devices) {
            if (d.path().equals(path)) return true;
        }
        return false;
    }
}
