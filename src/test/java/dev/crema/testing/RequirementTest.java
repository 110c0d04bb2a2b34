package dev.crema.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing requirement fails under CI and skips elsewhere; only a machine-kind gap skips under CI. */
class RequirementTest {
    @Test
    void aPresentRequirementPasses() {
        assertDoesNotThrow(() -> Requirement.need(true, "something"));
        assertDoesNotThrow(() -> Requirement.needProgram("/bin/sh", "dash"));
        assertDoesNotThrow(() -> Requirement.machineKindLacks(false, "nothing"));
    }

    @Test
    void aMissingRequirementFailsUnderCiAndSkipsElsewhere() {
        Class<? extends Throwable> expected = Requirement.underCi() ? AssertionFailedError.class : TestAbortedException.class;
        Throwable thrown = assertThrows(expected, () -> Requirement.needProgram("/no/such/engine", "no-such-package"));
        org.junit.jupiter.api.Assertions.assertTrue(thrown.getMessage().contains("engine (/no/such/engine, Debian package no-such-package"),
                thrown.getMessage());
    }

    @Test
    void whatTheMachineKindLacksSkipsEvenUnderCi() {
        assertThrows(TestAbortedException.class, () -> Requirement.machineKindLacks(true, "no AppArmor on this VM"));
    }
}
