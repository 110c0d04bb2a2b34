package dev.crema.server;

/**
 * systemd socket activation (sd_listen_fds(3)): when LISTEN_PID is this process and LISTEN_FDS is at least one,
 * fd 3 is the listening socket systemd made from crema.socket, with the mode and path it declares.
 */
final class SocketActivation {
    private static final int FIRST_FD = 3;

    private SocketActivation() {}

    /** The inherited listening fd, or -1 when not socket-activated. */
    static int listenFd() {
        String pid = System.getenv("LISTEN_PID");
        String fds = System.getenv("LISTEN_FDS");
        if (pid == null || fds == null) return -1;
        try {
            if (Long.parseLong(pid.trim()) != ProcessHandle.current().pid()) return -1;
            return Integer.parseInt(fds.trim()) >= 1 ? FIRST_FD : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
