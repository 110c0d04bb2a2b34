package dev.crema.it;

import org.junit.jupiter.api.Tag;

/**
 * The whole differential suite again, with crema's commands going through a `crema server` of each scenario's
 * root (docs/server.md): every scenario, against runc, with the same markers and recorded differences as
 * {@link DifferentialIT}, since server mode must not change what a caller sees. Each scenario's server must
 * have served its commands.
 */
@Tag("differential")
class DifferentialServerIT extends DifferentialIT {
    @Override
    protected Mode mode() {
        return Mode.SERVER;
    }
}
