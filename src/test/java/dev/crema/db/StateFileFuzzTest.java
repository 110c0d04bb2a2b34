package dev.crema.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.crema.fuzz.FuzzChecks;
import java.nio.charset.StandardCharsets;

/**
 * state.json as the db reads it back: a damaged or hostile file must decode to a state or be refused with one of
 * crema's errors (which StateStore reports as "cannot read the state of container ..."), and what decodes must
 * survive being saved and read again unchanged. Seeds: state files crema wrote (src/test/resources/dev/crema/db/StateFileFuzzTestInputs).
 */
class StateFileFuzzTest {

    @FuzzTest(maxDuration = "25s")
    void stateIsReadOrRefusedClearly(byte[] input) throws Exception {
        String text = new String(input, StandardCharsets.UTF_8);
        FuzzChecks.acceptsOrRefusesClearly(() -> {
            ContainerState state = StateCodec.decode(text);
            assertEquals(state, StateCodec.decode(StateCodec.encode(state)));
        });
    }
}
