package dev.crema.server;

import dev.crema.invocation.Invocation;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * What System.out and System.err become in the server: every call goes to the calling command's own stream
 * (its client's stdout or stderr), so command code keeps printing as it does in the plain CLI. Threads that
 * belong to no command (the server's own) print to the server's original streams.
 */
final class RoutedPrintStream extends PrintStream {
    private final boolean stderr;

    RoutedPrintStream(boolean stderr) {
        super(OutputStream.nullOutputStream());
        this.stderr = stderr;
    }

    private PrintStream target() {
        Invocation invocation = Invocation.current();
        return stderr ? invocation.err() : invocation.out();
    }

    @Override public void flush() { target().flush(); }
    @Override public void close() { target().flush(); }
    @Override public boolean checkError() { return target().checkError(); }
    @Override public void write(int b) { target().write(b); }
    @Override public void write(byte[] buf, int off, int len) { target().write(buf, off, len); }
    @Override public void write(byte[] buf) { target().write(buf, 0, buf.length); }
    @Override public void writeBytes(byte[] buf) { target().write(buf, 0, buf.length); }
    @Override public void print(boolean b) { target().print(b); }
    @Override public void print(char c) { target().print(c); }
    @Override public void print(int i) { target().print(i); }
    @Override public void print(long l) { target().print(l); }
    @Override public void print(float f) { target().print(f); }
    @Override public void print(double d) { target().print(d); }
    @Override public void print(char[] s) { target().print(s); }
    @Override public void print(String s) { target().print(s); }
    @Override public void print(Object obj) { target().print(obj); }
    @Override public void println() { target().println(); }
    @Override public void println(boolean x) { target().println(x); }
    @Override public void println(char x) { target().println(x); }
    @Override public void println(int x) { target().println(x); }
    @Override public void println(long x) { target().println(x); }
    @Override public void println(float x) { target().println(x); }
    @Override public void println(double x) { target().println(x); }
    @Override public void println(char[] x) { target().println(x); }
    @Override public void println(String x) { target().println(x); }
    @Override public void println(Object x) { target().println(x); }
    @Override public PrintStream printf(String format, Object... args) { return target().printf(format, args); }
    @Override public PrintStream printf(Locale l, String format, Object... args) { return target().printf(l, format, args); }
    @Override public PrintStream format(String format, Object... args) { return target().format(format, args); }
    @Override public PrintStream format(Locale l, String format, Object... args) { return target().format(l, format, args); }
    @Override public PrintStream append(CharSequence csq) { return target().append(csq); }
    @Override public PrintStream append(CharSequence csq, int start, int end) { return target().append(csq, start, end); }
    @Override public PrintStream append(char c) { return target().append(c); }
    @Override public Charset charset() { return target().charset(); }
}
