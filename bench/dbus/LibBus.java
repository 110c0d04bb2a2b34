import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;

/** dbus-java 5.2.2 with its native unix socket transport: the same connection and call. */
public class LibBus {
    public static void main(String[] args) throws Exception {
        try (DBusConnection bus = DBusConnectionBuilder.forAddress("unix:path=" + args[0]).build()) {
            Properties p = bus.getRemoteObject("org.freedesktop.systemd1", "/org/freedesktop/systemd1", Properties.class);
            Object v = p.Get("org.freedesktop.systemd1.Manager", "Version");
            System.out.println(v);
        }
    }
}
