package dev.crema.spec;

import java.util.List;
import java.util.Map;

/** config.json (runtime-spec 1.2), the Linux parts; windows, solaris, vm and zos sections are ignored. */
public record Spec(String ociVersion, Process process, Root root, String hostname, String domainname,
                   List<Mount> mounts, Hooks hooks, Map<String, String> annotations, Linux linux) {

    static Spec from(Node n) {
        Node process = n.object("process");
        Node root = n.object("root");
        Node hooks = n.object("hooks");
        Node linux = n.object("linux");
        return new Spec(n.requiredString("ociVersion"), process == null ? null : Process.from(process),
                root == null ? null : Root.from(root), n.string("hostname"), n.string("domainname"),
                Mount.listFrom(n.objects("mounts")), hooks == null ? null : Hooks.from(hooks),
                n.stringMap("annotations"), linux == null ? null : Linux.from(linux));
    }
}
