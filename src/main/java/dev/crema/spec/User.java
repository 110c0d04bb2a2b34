package dev.crema.spec;

import java.util.List;

/** process.user; umask null when not given (the runtime's default 0022 applies). */
public record User(long uid, long gid, Long umask, List<Long> additionalGids, String username) {
    static User from(Node n) {
        return new User(n.requiredInteger("uid", 0, Node.UINT32_MAX), n.requiredInteger("gid", 0, Node.UINT32_MAX),
                n.uint32("umask"), n.uint32s("additionalGids"), n.string("username"));
    }
}
