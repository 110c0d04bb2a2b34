package dev.crema.server;

import dev.crema.invocation.ProcessHost;
import dev.crema.sys.Processes;
import dev.crema.sys.SyscallException;
import java.util.Arrays;
import java.util.concurrent.SynchronousQueue;

/**
 * The process host of a command served by the server: the client spawns, waits and becomes the subreaper, so
 * crema-init and hooks are its children and the container its descendant, as without the server. One request
 * at a time; the session's reader thread hands over the REPLY. The fds in a SPAWN's map are sent along and
 * closed by the client once the child has them; the map's close and closefrom actions go as their codes.
 */
final class RemoteProcessHost implements ProcessHost {
    /** What the reader hands over when the client is gone instead of a reply. */
    static final Frame GONE = Frame.of(-1, new byte[0]);

    private final Connection connection;
    private final SynchronousQueue<Frame> replies = new SynchronousQueue<>();

    RemoteProcessHost(Connection connection) {
        this.connection = connection;
    }

    /** From the reader thread: the reply to the request in flight (or GONE). */
    void deliver(Frame reply) {
        try {
            replies.put(reply);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** From the reader thread at end of file: whoever waits gets GONE, without blocking the reader. */
    void clientGone() {
        replies.offer(GONE);
    }

    @Override
    public int spawn(String path, String[] argv, String[] envp, int[] fdMap) {
        int pairs = fdMap.length / 2;
        int[] sources = new int[pairs];
        int sent = 0;
        Frame.Writer w = new Frame.Writer().putString(path).putStrings(argv).putStrings(envp).putInt(pairs);
        for (int i = 0; i < pairs; i++) {
            int source = fdMap[2 * i];
            if (source == Processes.SPAWN_CLOSE || source == Processes.SPAWN_CLOSE_FROM) {
                w.putInt(source); // an action the client does itself, no fd travels
            } else {
                if (source < 0) throw new IllegalArgumentException("spawn " + path + ": fd map source " + source + " is neither an fd nor an action");
                w.putInt(sent); // the fd goes along with the frame: its index among the frame's fds
                sources[sent++] = source;
            }
            w.putInt(fdMap[2 * i + 1]);
        }
        int[] reply = request(new Frame(Frame.SPAWN, w.bytes(), Arrays.copyOf(sources, sent)));
        if (reply[2] != 0) throw new SyscallException("posix_spawn", path, reply[2]);
        return reply[0];
    }

    @Override
    public int[] waitpid(int pid, int flags) {
        int[] reply = request(Frame.of(Frame.WAIT, new Frame.Writer().putInt(pid).putInt(flags).bytes()));
        if (reply[2] != 0) throw new SyscallException("waitpid", Integer.toString(pid), reply[2]);
        return new int[] {reply[0], reply[1]};
    }

    @Override
    public void becomeSubreaper() {
        int[] reply = request(Frame.of(Frame.SUBREAPER, new byte[0]));
        if (reply[2] != 0) throw new SyscallException("prctl", "PR_SET_CHILD_SUBREAPER", reply[2]);
    }

    /** Sends a request and returns the reply's {value, status, errno}. */
    private synchronized int[] request(Frame frame) {
        try {
            connection.send(frame);
        } catch (SyscallException e) {
            throw new ClientGoneException("the crema client went away (" + e.getMessage() + ")");
        }
        Frame reply;
        try {
            reply = replies.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException("the crema client went away");
        }
        if (reply == GONE) throw new ClientGoneException("the crema client went away");
        Frame.Reader r = new Frame.Reader(reply.payload());
        return new int[] {r.getInt(), r.getInt(), r.getInt()};
    }
}
