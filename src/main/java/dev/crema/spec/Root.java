package dev.crema.spec;

public record Root(String path, boolean readonly) {
    static Root from(Node n) {
        return new Root(n.requiredString("path"), n.bool("readonly"));
    }
}
