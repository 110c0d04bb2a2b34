package dev.crema.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.crema.spec.LinuxResources;
import dev.crema.spec.SpecParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnitPropertiesTest {
    private static LinuxResources resources(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) dev.crema.spec.Json.parse(json);
        return SpecParser.parseResources(tree);
    }

    private static List<String> names(List<UnitProperty> props) {
        List<String> out = new ArrayList<>();
        for (UnitProperty p : props) out.add(p.toString());
        return out;
    }

    @Test
    void v1LimitsAreRuncsV1Properties() {
        LinuxResources r = resources("{\"memory\":{\"limit\":67108864},\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000},"
                + "\"pids\":{\"limit\":42},\"blockIO\":{\"weight\":300}}");
        assertEquals(List.of("MemoryLimit=67108864", "CPUShares=512", "CPUQuotaPeriodUSec=100000", "CPUQuotaPerSecUSec=500000",
                "BlockIOWeight=300", "TasksMax=42"), names(UnitProperties.resources(r, false, 252, false)));
    }

    @Test
    void v2LimitsAreRuncsV2Properties() {
        LinuxResources r = resources("{\"memory\":{\"limit\":100,\"reservation\":50,\"swap\":300},\"cpu\":{\"shares\":1024},\"pids\":{\"limit\":-1}}");
        assertEquals(List.of("MemoryMax=100", "MemoryLow=50", "MemorySwapMax=200", "CPUWeight=39", "TasksMax=-1"),
                names(UnitProperties.resources(r, true, 252, false)));
    }

    @Test
    void aQuotaNotAWholePercentIsRoundedUpAndOldSystemdGetsNoPeriod() {
        List<UnitProperty> out = new ArrayList<>();
        UnitProperties.cpuQuota(12345, 100000, 241, out);
        assertEquals(List.of("CPUQuotaPerSecUSec=130000"), names(out));
    }

    @Test
    void scopeHasRuncsApplyProperties() {
        List<String> got = names(UnitProperties.forScope(SystemdUnit.parse("", "c1"), "crema container c1", 7, false));
        assertEquals(List.of("Description=crema container c1", "Slice=system.slice", "PIDs=[7]", "Delegate=true",
                "MemoryAccounting=true", "CPUAccounting=true", "BlockIOAccounting=true", "TasksAccounting=true",
                "DefaultDependencies=false"), got);
    }

    @Test
    void denyAllThenAllowsIsAStrictPolicyWithTheDefaults() {
        LinuxResources r = resources("{\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,\"type\":\"c\",\"major\":10,\"minor\":200,\"access\":\"rw\"}]}");
        List<UnitProperty> props = SystemdDevices.properties(r.devices(), 252);
        assertEquals("DevicePolicy=strict", props.get(0).toString());
        List<?> entries = (List<?>) props.get(2).value();
        Object[] first = (Object[]) entries.getFirst();
        assertEquals("/dev/char/10:200", first[0]);
        assertEquals("rw", first[1]);
        // then runc's defaults: any char and block node may be made, /dev/null and the ptys used
        assertEquals("char-*", ((Object[]) entries.get(1))[0]);
        assertEquals("block-*", ((Object[]) entries.get(2))[0]);
        assertEquals("char-136", ((Object[]) entries.get(10))[0]);
    }

    @Test
    void allowAllIsTheAutoPolicy() {
        LinuxResources r = resources("{\"devices\":[{\"allow\":true,\"access\":\"rwm\"}]}");
        assertEquals(List.of("DevicePolicy=auto", "DeviceAllow=[]"), names(SystemdDevices.properties(r.devices(), 252)));
    }
}
