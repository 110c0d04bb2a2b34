package dev.crema.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.crema.plan.MountOptions;
import dev.crema.spec.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The features document must not claim what crema does not take. */
class FeaturesCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyListedMountOptionIsUnderstoodNotPassedOnAsData() {
        Map<String, Object> features = (Map<String, Object>) Json.parse(FeaturesCommand.JSON);
        List<Object> options = (List<Object>) features.get("mountOptions");
        assertTrue(options.size() > 40, "the list is there");
        for (Object option : options) {
            MountOptions parsed = MountOptions.parse(List.of((String) option), "mountOptions");
            assertEquals("", parsed.data(), option + " would go to the filesystem as data");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void intelRdtIsEnabledForCremaAppliesItWhereTheHostMountsResctrl() {
        Map<String, Object> features = (Map<String, Object>) Json.parse(FeaturesCommand.JSON);
        Map<String, Object> linux = (Map<String, Object>) features.get("linux");
        assertEquals(Map.of("enabled", true), linux.get("intelRdt"));
    }
}
