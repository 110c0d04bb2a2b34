#ifndef CREMA_CLIENT_H
#define CREMA_CLIENT_H

#include <signal.h>

/* runs the JVM controller (bin/crema-jvm next to this binary's install) with argv; returns only on failure */
void exec_jvm(char **argv, const sigset_t *mask);

/* serves the server's requests for one accepted command until EXIT; returns the exit code */
int serve_command(int sock, int sigfd, const char *root);

#endif
