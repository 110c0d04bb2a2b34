import dev.crema.systemd.DBusConnection;
import dev.crema.systemd.DBusWire;
import java.nio.file.Path;

/** crema's own client: connect (EXTERNAL + Hello) and read systemd's Version property. */
public class HandBus {
    public static void main(String[] args) {
        try (DBusConnection bus = DBusConnection.open(Path.of(args[0]))) {
            Object v = bus.call("org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.DBus.Properties", "Get", "ss",
                    "org.freedesktop.systemd1.Manager", "Version").getFirst();
            System.out.println(((DBusWire.Variant) v).value());
        }
    }
}
