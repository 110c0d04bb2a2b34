package dev.crema.server;

import dev.crema.sys.Fds;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.io.OutputStream;

/** Unbuffered writes to an fd a client sent (its stdout or stderr): each print is one write, as it reaches the caller. */
final class FdOutputStream extends OutputStream {
    private final int fd;

    FdOutputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            for (int done = 0; done < len; ) done += Fds.write(fd, b, off + done, len - done);
        } catch (SyscallException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
