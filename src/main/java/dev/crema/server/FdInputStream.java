package dev.crema.server;

import dev.crema.sys.Fds;
import dev.crema.sys.SyscallException;
import java.io.IOException;
import java.io.InputStream;

/** Reads from the stdin a client sent (update --resources -). */
final class FdInputStream extends InputStream {
    private final int fd;

    FdInputStream(int fd) {
        this.fd = fd;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        try {
            int n = Fds.read(fd, b, off, len);
            return n == 0 ? -1 : n;
        } catch (SyscallException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
