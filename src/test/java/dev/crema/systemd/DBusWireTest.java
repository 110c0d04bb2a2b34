package dev.crema.systemd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The marshaling against bytes worked out from the D-Bus specification, and a round trip of systemd's types. */
class DBusWireTest {
    @Test
    void stringsAreLengthBytesAndNul() {
        DBusWire.Writer w = new DBusWire.Writer(0);
        w.write("ys", (byte) 7, "ab");
        // y at 0, padding to 4, uint32 length 2, 'a' 'b' NUL
        assertArrayEquals(new byte[] {7, 0, 0, 0, 2, 0, 0, 0, 'a', 'b', 0}, w.bytes());
    }

    @Test
    void arrayLengthLeavesOutThePaddingBeforeItsFirstElement() {
        DBusWire.Writer w = new DBusWire.Writer(0);
        w.write("at", List.of(5L));
        // length 8 at 0, padding to 8, then the uint64
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0}, w.bytes());
    }

    @Test
    void variantsCarryTheirSignature() {
        DBusWire.Writer w = new DBusWire.Writer(0);
        w.write("v", new DBusWire.Variant("b", true));
        assertArrayEquals(new byte[] {1, 'b', 0, 0, 1, 0, 0, 0}, w.bytes());
    }

    @Test
    void unitPropertiesRoundTrip() {
        List<Object> props = List.of(
                new UnitProperty("Description", "s", "crema container x").toStruct(),
                new UnitProperty("PIDs", "au", List.of(42, 43)).toStruct(),
                new UnitProperty("Delegate", "b", true).toStruct(),
                new UnitProperty("MemoryMax", "t", 1L << 26).toStruct(),
                new UnitProperty("AllowedCPUs", "ay", new byte[] {3}).toStruct(),
                new UnitProperty("DeviceAllow", "a(ss)", List.of((Object) new Object[] {"/dev/char/1:3", "rwm"})).toStruct());
        DBusWire.Writer w = new DBusWire.Writer(0);
        w.write("ssa(sv)a(sa(sv))", "x.scope", "replace", props, List.of());
        List<Object> back = new DBusWire.Reader(w.bytes(), false).read("ssa(sv)a(sa(sv))");
        assertEquals("x.scope", back.get(0));
        assertEquals("replace", back.get(1));
        List<?> read = (List<?>) back.get(2);
        assertEquals(6, read.size());
        assertEquals("crema container x", ((DBusWire.Variant) ((Object[]) read.get(0))[1]).value());
        assertEquals(List.of(42, 43), ((DBusWire.Variant) ((Object[]) read.get(1))[1]).value());
        assertEquals(true, ((DBusWire.Variant) ((Object[]) read.get(2))[1]).value());
        assertEquals(1L << 26, ((DBusWire.Variant) ((Object[]) read.get(3))[1]).value());
        assertEquals(List.of((byte) 3), ((DBusWire.Variant) ((Object[]) read.get(4))[1]).value());
        Object[] device = (Object[]) ((List<?>) ((DBusWire.Variant) ((Object[]) read.get(5))[1]).value()).getFirst();
        assertEquals("/dev/char/1:3", device[0]);
        assertEquals(List.of(), back.get(3));
    }

    @Test
    void systemBusAddressNamesItsSocket() {
        assertEquals("/run/dbus/system_bus_socket", DBusConnection.unixPath("unix:path=/run/dbus/system_bus_socket").toString());
        assertEquals("/x", DBusConnection.unixPath("unix:guid=1,path=/x;tcp:host=a").toString());
    }
}
