#!/usr/bin/env python3
"""A small seccomp notify agent for the tests, like the one runc ships in contrib/.

Usage: seccomp-agent.py SOCKET RECORD
Listens on SOCKET; for each runtime connection it appends the ContainerProcessState JSON (one line) to RECORD,
then answers every notification on the received listener with errno ENOMSG and appends "notified NR" lines.
Creates SOCKET.ready once listening.
"""
import fcntl
import json
import os
import select
import socket
import struct
import sys
import threading

# _IOWR('!', 0, struct seccomp_notif) and _IOWR('!', 1, struct seccomp_notif_resp) on x86_64
NOTIF_RECV = (3 << 30) | (80 << 16) | (ord('!') << 8) | 0
NOTIF_SEND = (3 << 30) | (24 << 16) | (ord('!') << 8) | 1
ENOMSG = 42

lock = threading.Lock()


def record(path, line):
    with lock, open(path, "a") as f:
        f.write(line + "\n")


def serve(listener, path):
    poller = select.poll()
    poller.register(listener, select.POLLIN)
    while True:
        events = poller.poll()
        if any(ev & (select.POLLHUP | select.POLLERR) for _, ev in events):
            break  # every process under the filter has exited
        notif = bytearray(80)
        try:
            fcntl.ioctl(listener, NOTIF_RECV, notif, True)
        except OSError:
            continue  # the caller went away before we read it
        nid, pid, _flags, nr = struct.unpack_from("<QIIi", notif, 0)
        record(path, "notified %d pid %d" % (nr, pid))
        resp = struct.pack("<QqiI", nid, 0, -ENOMSG, 0)
        try:
            fcntl.ioctl(listener, NOTIF_SEND, bytearray(resp), True)
        except OSError:
            pass
    os.close(listener)


def main():
    sock_path, record_path = sys.argv[1], sys.argv[2]
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(4)
    open(sock_path + ".ready", "w").close()
    while True:
        conn, _ = server.accept()
        msg, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 4)
        while True:
            more = conn.recv(1 << 20)
            if not more:
                break
            msg += more
        conn.close()
        state = json.loads(msg)
        record(record_path, json.dumps(state, sort_keys=True))
        if len(fds) != 1:
            record(record_path, "fds received: %d" % len(fds))
            continue
        threading.Thread(target=serve, args=(fds[0], record_path), daemon=True).start()


if __name__ == "__main__":
    main()
