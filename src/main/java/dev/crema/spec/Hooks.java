package dev.crema.spec;

import java.util.ArrayList;
import java.util.List;

/** hooks: each list in the order the spec runs them. */
public record Hooks(List<Hook> prestart, List<Hook> createRuntime, List<Hook> createContainer,
                    List<Hook> startContainer, List<Hook> poststart, List<Hook> poststop) {

    static Hooks from(Node n) {
        return new Hooks(list(n, "prestart"), list(n, "createRuntime"), list(n, "createContainer"),
                list(n, "startContainer"), list(n, "poststart"), list(n, "poststop"));
    }

    /** The JSON tree of these hooks, as config.json has them. */
    public java.util.Map<String, Object> toTree() {
        java.util.Map<String, Object> tree = new java.util.LinkedHashMap<>();
        String[] kinds = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
        List<List<Hook>> lists = List.of(prestart, createRuntime, createContainer, startContainer, poststart, poststop);
        for (int k = 0; k < kinds.length; k++) {
            if (lists.get(k).isEmpty()) continue;
            List<Object> hooks = new ArrayList<>();
            for (Hook h : lists.get(k)) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("path", h.path());
                if (!h.args().isEmpty()) m.put("args", h.args());
                if (!h.env().isEmpty()) m.put("env", h.env());
                if (h.timeout() != null) m.put("timeout", (long) h.timeout());
                hooks.add(m);
            }
            tree.put(kinds[k], hooks);
        }
        return tree;
    }

    public static final Hooks NONE = new Hooks(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return prestart.isEmpty() && createRuntime.isEmpty() && createContainer.isEmpty() && startContainer.isEmpty()
                && poststart.isEmpty() && poststop.isEmpty();
    }

    private static List<Hook> list(Node n, String key) {
        List<Hook> hooks = new ArrayList<>();
        for (Node h : n.objects(key)) {
            Long timeout = h.integer("timeout", 1, Integer.MAX_VALUE);
            hooks.add(new Hook(h.requiredString("path"), h.strings("args"), h.strings("env"),
                    timeout == null ? null : timeout.intValue()));
        }
        return List.copyOf(hooks);
    }

    public record Hook(String path, List<String> args, List<String> env, Integer timeout) {}
}
