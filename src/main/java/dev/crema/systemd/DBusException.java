package dev.crema.systemd;

/** A D-Bus failure: no bus, a refused authentication, or an error reply ({@code name} is its D-Bus error name). */
public final class DBusException extends RuntimeException {
    private final String name;

    public DBusException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The D-Bus error name (org.freedesktop.systemd1.NoSuchUnit, ...), or null for a failure of the connection. */
    public String name() {
        return name;
    }
}
