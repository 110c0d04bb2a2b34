package dev.crema.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanEncoderTest {
    @Test
    void encodesTheWireFormOfNativePlanMd() {
        Plan plan = new Plan(List.of(new Step(new Op.Umask(022), "x"), new Step(new Op.Chdir("/a", Op.Chdir.TRY), "y")));
        byte[] expected = {
                // length of what follows
                38, 0, 0, 0,
                // magic "CRP1", op count 2
                0x43, 0x52, 0x50, 0x31, 2, 0, 0, 0,
                // UMASK (24): i64 022
                24, 0, 0, 0, 18, 0, 0, 0, 0, 0, 0, 0,
                // CHDIR (25): s "/a", i 1 (try)
                25, 0, 0, 0, 2, 0, 0, 0, '/', 'a', 1, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(expected, PlanEncoder.encode(plan));
    }
}
