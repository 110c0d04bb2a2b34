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
