# A console socket as engines run one: takes the pty master crema sends (SCM_RIGHTS) and saves everything the
# container writes to its terminal, until the terminal closes. Usage: console-receiver.py SOCKET OUTPUT
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(1)
open(path + ".ready", "w").close()
conn, _ = server.accept()
name, fds, _, _ = socket.recv_fds(conn, 1024, 1)
data = b""
while True:
    try:
        chunk = os.read(fds[0], 4096)
    except OSError:  # EIO once the container's side of the pty is gone
        break
    if not chunk:
        break
    data += chunk
with open(out, "wb") as f:
    f.write(name + b"\n" + data)
