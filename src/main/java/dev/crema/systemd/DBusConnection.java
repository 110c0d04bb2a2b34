package dev.crema.systemd;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal D-Bus client on a Unix socket: EXTERNAL authentication, Hello, method calls and the signals that
 * answer them. Hand-written rather than dbus-java because of what each costs a command: measured here
 * (bench/dbus-client.sh, docs/performance.md "The D-Bus client"), a JVM with crema's flags that connects to
 * systemd's bus and makes one call starts 29 ms after a hello world with this class and 123 ms after it with
 * dbus-java 5.2.2 (1718 classes loaded against 999), without an AOT cache, which this path cannot have (the
 * build trains the cache on a machine without systemd); with one each, 21 ms against 55 ms.
 */
public final class DBusConnection implements AutoCloseable {
    static final int METHOD_CALL = 1, METHOD_RETURN = 2, ERROR = 3, SIGNAL = 4;
    private static final int NO_REPLY_EXPECTED = 0x1;

    /** One message as received: its type, header fields that matter here, and the body's values. */
    public record Message(int type, int replySerial, String path, String member, String errorName, String signature,
                          List<Object> body) {}

    private final SocketChannel channel;
    private final Selector selector;
    private final String address;
    private final List<Message> pendingSignals = new ArrayList<>();
    private int serial;

    private DBusConnection(SocketChannel channel, Selector selector, String address) {
        this.channel = channel;
        this.selector = selector;
        this.address = address;
    }

    /** The system bus: $DBUS_SYSTEM_BUS_ADDRESS (unix:path=...), else /run/dbus/system_bus_socket, as runc's godbus. */
    public static DBusConnection systemBus() {
        String address = dev.crema.invocation.Invocation.current().env().get("DBUS_SYSTEM_BUS_ADDRESS");
        Path socket = Path.of("/run/dbus/system_bus_socket");
        if (address != null && !address.isEmpty()) socket = unixPath(address);
        return open(socket);
    }

    static Path unixPath(String address) {
        for (String part : address.split(";")[0].split(",")) {
            int eq = part.indexOf('=');
            String key = part.startsWith("unix:") ? part.substring(5, eq) : part.substring(0, eq);
            if (key.equals("path")) return Path.of(part.substring(eq + 1));
        }
        throw new DBusException(null, "DBUS_SYSTEM_BUS_ADDRESS " + address + ": only unix:path= addresses are supported");
    }

    public static DBusConnection open(Path socket) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            DBusConnection connection = new DBusConnection(channel, selector, socket.toString());
            connection.authenticate();
            connection.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "Hello", "");
            return connection;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DBusException(null, "dbus: connect " + socket + ": " + reason(e));
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** SASL EXTERNAL: the bus checks the uid we name against the socket's peer credentials. */
    private void authenticate() throws IOException {
        String uid = uid();
        StringBuilder hex = new StringBuilder();
        for (char c : uid.toCharArray()) hex.append(Integer.toHexString(c)); // digits: two hex digits each
        writeFully(ByteBuffer.wrap(("\0AUTH EXTERNAL " + hex + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        String answer = readLine();
        if (!answer.startsWith("OK ")) throw new DBusException(null, "dbus: " + address + " refused authentication as uid " + uid + ": " + answer);
        writeFully(ByteBuffer.wrap("BEGIN\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    private static String uid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) return line.substring(4).trim().split("\\s+")[1]; // the effective uid
        }
        throw new IOException("no Uid line in /proc/self/status");
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            readFully(one);
            char c = (char) one.get(0);
            if (c == '\n') return line.toString().trim();
            line.append(c);
        }
    }

    /** Calls a method and returns its reply's values; an error reply becomes a DBusException with its name. */
    public List<Object> call(String destination, String path, String iface, String member, String signature, Object... args) {
        int sent = send(destination, path, iface, member, signature, args);
        while (true) {
            Message m = receive();
            if (m.type() == SIGNAL) {
                pendingSignals.add(m);
                continue;
            }
            if (m.replySerial() != sent) continue;
            if (m.type() == ERROR) {
                String text = m.body().isEmpty() ? "" : String.valueOf(m.body().getFirst());
                throw new DBusException(m.errorName(), m.errorName() + ": " + text);
            }
            return m.body();
        }
    }

    /** Waits for a signal of that member whose first value is {@code firstArg}; null after {@code timeoutMillis}. */
    public Message awaitSignal(String member, Object firstArg, long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            for (int i = 0; i < pendingSignals.size(); i++) {
                Message m = pendingSignals.get(i);
                if (m.member().equals(member) && !m.body().isEmpty() && m.body().getFirst().equals(firstArg)) {
                    pendingSignals.remove(i);
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            pendingSignals.clear();
            Message m = receive(left / 1_000_000L + 1);
            if (m != null && m.type() == SIGNAL) pendingSignals.add(m);
        }
    }

    private int send(String destination, String path, String iface, String member, String signature, Object... args) {
        DBusWire.Writer body = new DBusWire.Writer(0);
        if (!signature.isEmpty()) body.write(signature, args);
        byte[] bodyBytes = body.bytes();
        int id = ++serial;
        DBusWire.Writer header = new DBusWire.Writer(0);
        header.writeByte('l');
        header.writeByte(METHOD_CALL);
        header.writeByte(0);
        header.writeByte(1);
        header.writeUint32(bodyBytes.length);
        header.writeUint32(id);
        List<Object> fields = new ArrayList<>();
        fields.add(new Object[] {(byte) 1, new DBusWire.Variant("o", path)});
        if (iface != null) fields.add(new Object[] {(byte) 2, new DBusWire.Variant("s", iface)});
        fields.add(new Object[] {(byte) 3, new DBusWire.Variant("s", member)});
        if (destination != null) fields.add(new Object[] {(byte) 6, new DBusWire.Variant("s", destination)});
        if (!signature.isEmpty()) fields.add(new Object[] {(byte) 8, new DBusWire.Variant("g", signature)});
        header.write("a(yv)", fields);
        header.pad(8);
        byte[] head = header.bytes();
        ByteBuffer message = ByteBuffer.allocate(head.length + bodyBytes.length);
        message.put(head).put(bodyBytes).flip();
        try {
            writeFully(message);
        } catch (IOException e) {
            throw new DBusException(null, "dbus: send " + member + " to " + address + ": " + reason(e));
        }
        return id;
    }

    private Message receive() {
        Message m = receive(30_000);
        if (m == null) throw new DBusException(null, "dbus: no answer from " + address + " in 30 s");
        return m;
    }

    /** The next message, or null when none came within the time. */
    private Message receive(long timeoutMillis) {
        try {
            ByteBuffer fixed = ByteBuffer.allocate(16);
            if (!readFully(fixed, timeoutMillis)) return null;
            boolean big = fixed.get(0) == 'B';
            fixed.order(big ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
            int type = fixed.get(1);
            int bodyLength = fixed.getInt(4);
            int fieldsLength = fixed.getInt(12);
            int headerEnd = 16 + fieldsLength;
            int bodyStart = (headerEnd + 7) & ~7;
            ByteBuffer rest = ByteBuffer.allocate(bodyStart - 16 + bodyLength);
            readFully(rest);
            byte[] all = new byte[16 + rest.capacity()];
            System.arraycopy(fixed.array(), 0, all, 0, 16);
            System.arraycopy(rest.array(), 0, all, 16, rest.capacity());
            DBusWire.Reader reader = new DBusWire.Reader(all, big);
            reader.seek(12);
            int replySerial = 0;
            String path = "", member = "", errorName = "", signature = "";
            @SuppressWarnings("unchecked")
            List<Object> fields = (List<Object>) reader.readValue("a(yv)");
            for (Object f : fields) {
                Object[] field = (Object[]) f;
                Object value = ((DBusWire.Variant) field[1]).value();
                switch ((Byte) field[0]) {
                    case 1 -> path = (String) value;
                    case 3 -> member = (String) value;
                    case 4 -> errorName = (String) value;
                    case 5 -> replySerial = (Integer) value;
                    case 8 -> signature = (String) value;
                    default -> { }
                }
            }
            reader.seek(bodyStart);
            return new Message(type, replySerial, path, member, errorName, signature, reader.read(signature));
        } catch (IOException e) {
            throw new DBusException(null, "dbus: read from " + address + ": " + reason(e));
        }
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        if (!readFully(buffer, 30_000)) throw new IOException("no answer in 30 s");
    }

    /** False when nothing at all arrived within the time; a message once begun is read to its end. */
    private boolean readFully(ByteBuffer buffer, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) throw new IOException("the bus closed the connection");
            if (n > 0) continue;
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                if (buffer.position() == 0) return false;
                throw new IOException("message cut short");
            }
            selector.select(left);
            selector.selectedKeys().clear();
        }
        return true;
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) Thread.onSpinWait();
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
        closeQuietly(channel);
    }
}
