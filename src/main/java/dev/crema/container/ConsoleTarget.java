package dev.crema.container;

import java.nio.file.Path;

/** Where the pty master of a process with a terminal goes once the init has made it. */
public sealed interface ConsoleTarget {

    /** An engine's --console-socket: the master is sent there (SCM_RIGHTS, as runc) and closed. */
    record Socket(Path path) implements ConsoleTarget {}

    /**
     * crema relays the terminal itself (a foreground run or exec without --console-socket, as runc does): the
     * master is kept here for the relay, which closes it. The one mutable holder: the fd exists only later.
     */
    final class Relay implements ConsoleTarget {
        private int master = -1;

        public int master() {
            return master;
        }

        void take(int fd) {
            master = fd;
        }
    }
}
