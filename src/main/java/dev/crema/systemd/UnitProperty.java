package dev.crema.systemd;

/** One systemd unit property as StartTransientUnit and SetUnitProperties take it: name, D-Bus type, value. */
public record UnitProperty(String name, String signature, Object value) {
    public Object[] toStruct() {
        return new Object[] {name, new DBusWire.Variant(signature, value)};
    }

    /** As `systemctl show` would print it, for messages and --debug. */
    @Override
    public String toString() {
        return name + "=" + (value instanceof byte[] b ? b.length + " bytes" : String.valueOf(value));
    }
}
