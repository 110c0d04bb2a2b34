package dev.crema.plan;

import dev.crema.spec.Linux;
import dev.crema.spec.LinuxIDMapping;
import dev.crema.spec.Mount;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one config mount into MOUNT steps the way runc's mountToRootfs does: a bind is mounted first and then
 * remounted for its flags (the kernel ignores most flags on the bind itself); propagation is a separate call;
 * "cgroup" expands into one mount per hierarchy; sysfs in a user namespace that shares the host's network
 * namespace cannot be mounted fresh, so the host's /sys is bound instead.
 */
final class MountCompiler {
    private static final long BIND_FLAGS = Kernel.MS_BIND | Kernel.MS_REC | Kernel.MS_REMOUNT;

    private final CreateRequest request;
    private final NamespaceSet namespaces;
    private final List<Step> out;
    private final String mountLabel;

    /** @param mountLabel linux.mountLabel (already checked against the host), or null */
    MountCompiler(CreateRequest request, NamespaceSet namespaces, List<Step> out, String mountLabel) {
        this.request = request;
        this.namespaces = namespaces;
        this.out = out;
        this.mountLabel = mountLabel;
    }

    /**
     * The detached copy of a bind's source made before the init leaves the host's user namespace, or null: an
     * idmapped bind's (the mapping is the mount's own, else the container's, as runc 1.2), and with a user
     * namespace every other bind's too, since the container's root may not reach the source (runc 1.1 opens
     * them first as well); not for a rootless caller, which has no privilege outside the container.
     */
    Op tree(Mount mount, MountOptions options, Linux linux, String field) {
        boolean ownMaps = !mount.uidMappings().isEmpty() || !mount.gidMappings().isEmpty();
        String type = mount.type() == null ? "" : mount.type();
        if (!ownMaps && options.idmap() == MountOptions.Idmap.NONE) {
            boolean bind = (options.isBind() || type.equals("bind")) && !type.equals("sysfs") && !type.startsWith("cgroup");
            // a rootless caller cannot clone a tree in the host's namespaces (open_tree needs CAP_SYS_ADMIN there);
            // it binds inside the container's, as runc 1.1, and reaches what it reaches itself
            if (!bind || !namespaces.has(Kernel.CLONE_NEWUSER) || request.caller().rootlessEuid()) return null;
            return new Op.BindTree(hostSource(mount.source()), (options.flags() & Kernel.MS_REC) != 0);
        }
        if (!options.isBind() && !type.equals("bind")) {
            throw new PlanException(field + ": idmapped mounts are only supported for bind mounts");
        }
        List<LinuxIDMapping> uids = mount.uidMappings();
        List<LinuxIDMapping> gids = mount.gidMappings();
        if (ownMaps && (uids.isEmpty() || gids.isEmpty())) {
            throw new PlanException(field + (uids.isEmpty() ? ".uidMappings" : ".gidMappings")
                    + ": an idmapped mount needs both uidMappings and gidMappings");
        }
        if (!ownMaps) {
            if (!namespaces.creates(Kernel.CLONE_NEWUSER)) {
                throw new PlanException(field + ".options: idmap without uidMappings takes the container's, "
                        + "which needs a new user namespace");
            }
            uids = linux.uidMappings();
            gids = linux.gidMappings();
        }
        return new Op.IdmappedTree(hostSource(mount.source()), LinuxIDMapping.mapText(uids), LinuxIDMapping.mapText(gids),
                (options.flags() & Kernel.MS_REC) != 0, options.idmap() == MountOptions.Idmap.RIDMAP);
    }

    /** @param treeSlot the index of this mount's IdmappedTree, or -1 */
    void compile(Mount mount, MountOptions options, String origin, int treeSlot) {
        String target = PlanCompiler.inRoot(mount.destination());
        String type = mount.type() == null ? "" : mount.type();
        if (treeSlot >= 0) {
            String source = hostSource(mount.source());
            out.add(new Step(new Op.MountTree(treeSlot, target, PlanCompiler.isDirectory(source) ? Op.TargetKind.DIRECTORY
                    : Op.TargetKind.FILE, options.flags() & ~BIND_FLAGS, options.propagation()), origin));
        } else if (type.equals("cgroup") || type.equals("cgroup2")) {
            cgroup(target, options, origin);
        } else if (type.equals("sysfs") && namespaces.creates(Kernel.CLONE_NEWUSER)
                && !namespaces.creates(Kernel.CLONE_NEWNET)) {
            bind("/sys", target, options.flags() | Kernel.MS_BIND | Kernel.MS_REC, options.propagation(), origin,
                    Op.TargetKind.ORDINARY_DIRECTORY);
        } else if (options.isBind() || type.equals("bind")) {
            bind(hostSource(mount.source()), target, options.flags() | Kernel.MS_BIND, options.propagation(), origin);
        } else {
            if (type.isEmpty()) throw new PlanException(origin + ": type is required for a mount that is not a bind");
            // runc labels the filesystems it mounts fresh, but not proc, sysfs and mqueue (no context= option)
            boolean labelled = !type.equals("proc") && !type.equals("sysfs") && !type.equals("mqueue");
            // runc: proc and sysfs "must be mounted on ordinary directory" (CVE-2019-19921, CVE-2023-27561)
            boolean procOrSys = type.equals("proc") || type.equals("sysfs");
            // as runc 1.1: a tmpfs root takes the mode of the directory it covers (and with tmpcopyup its
            // content), so it is mounted writable and made read-only after that
            boolean tmpfs = type.equals("tmpfs");
            long flags = tmpfs ? options.flags() & ~Kernel.MS_RDONLY : options.flags();
            if (tmpfs) out.add(new Step(new Op.OpenCoveredDir(target), origin));
            out.add(new Step(new Op.Mount(nonNull(mount.source()), target, type, flags,
                    labelled ? SecurityLabels.mountData(options.data(), mountLabel) : options.data(),
                    procOrSys ? Op.TargetKind.ORDINARY_DIRECTORY : Op.TargetKind.DIRECTORY, 0, options.propagation()),
                    origin));
            if (tmpfs) {
                long readonly = (options.flags() & Kernel.MS_RDONLY) != 0 ? options.flags() & ~BIND_FLAGS : 0;
                out.add(new Step(new Op.FinishTmpfs(target, options.copyUp(), readonly), origin));
            }
        }
        if (options.hasRecursiveAttributes()) {
            out.add(new Step(new Op.MountSetattr(target, options.attrSet(), options.attrClear()), origin));
        }
    }

    private void bind(String source, String target, long flags, long propagation, String origin) {
        bind(source, target, flags, propagation, origin,
                PlanCompiler.isDirectory(source) ? Op.TargetKind.DIRECTORY : Op.TargetKind.FILE);
    }

    private void bind(String source, String target, long flags, long propagation, String origin, Op.TargetKind kind) {
        out.add(new Step(new Op.Mount(source, target, "", flags & (Kernel.MS_BIND | Kernel.MS_REC), "", kind,
                flags & ~BIND_FLAGS, propagation), origin));
    }

    /** A tmpfs holding one directory per hierarchy, each fresh in a new cgroup namespace or bound otherwise. */
    private void cgroup(String target, MountOptions options, String origin) {
        long flags = options.flags() & ~BIND_FLAGS;
        boolean fresh = namespaces.creates(Kernel.CLONE_NEWCGROUP);
        boolean single = request.cgroupMounts().size() == 1 && request.cgroupMounts().getFirst().name().isEmpty();
        if (!single) {
            out.add(new Step(new Op.Mount("tmpfs", target, "tmpfs", flags & ~Kernel.MS_RDONLY, "mode=755",
                    Op.TargetKind.DIRECTORY, 0, 0), origin));
        }
        for (CgroupMount hierarchy : request.cgroupMounts()) {
            String dir = hierarchy.name().isEmpty() ? target : target + "/" + hierarchy.name();
            if (fresh) {
                out.add(new Step(new Op.Mount(hierarchy.fsType(), dir, hierarchy.fsType(), flags, hierarchy.options(),
                        Op.TargetKind.DIRECTORY, 0, 0), origin));
            } else {
                // the container's cgroup directory is made after the plan is compiled: it is a directory to be
                bind(hierarchy.containerCgroupDir(), dir, flags | Kernel.MS_BIND, 0, origin, Op.TargetKind.DIRECTORY);
            }
        }
        if (!single && (flags & Kernel.MS_RDONLY) != 0) {
            out.add(new Step(new Op.Mount("", target, "", Kernel.MS_REMOUNT | flags, "", Op.TargetKind.DIRECTORY, 0, 0),
                    origin));
        }
    }

    /** runc resolves a relative bind source against the bundle. */
    private String hostSource(String source) {
        if (source == null || source.isEmpty()) throw new PlanException("mount source is required for a bind mount");
        // a NUL is no path (Path.of would throw): kept as written, the plan encoder refuses it naming the mount
        return source.startsWith("/") || source.indexOf('\0') >= 0 ? source : request.bundle().resolve(Path.of(source)).normalize().toString();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
