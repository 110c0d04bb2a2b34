/* No server answered: run the JVM controller exactly as crema ran before the client existed. The launcher is
 * bin/crema-jvm of this install: LIBEXEC/../bin (the Debian package: /usr/lib/crema/{libexec,bin}) or
 * LIBEXEC/../../bin (a checkout: target/libexec and bin). */
#include "client.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void exec_jvm(char **argv, const sigset_t *mask)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n < 0) {
        fprintf(stderr, "crema: cannot find the JVM controller: readlink /proc/self/exe: %s\n", strerror(errno));
        return;
    }
    self[n] = 0;
    char *slash = strrchr(self, '/');
    if (slash)
        *slash = 0;
    const char *relative[] = { "/../bin/crema-jvm", "/../../bin/crema-jvm" };
    char launcher[PATH_MAX + 32];
    for (size_t i = 0; i < sizeof relative / sizeof *relative; i++) {
        snprintf(launcher, sizeof launcher, "%s%s", self, relative[i]);
        if (access(launcher, X_OK) == 0) {
            sigprocmask(SIG_SETMASK, mask, NULL);
            execv(launcher, argv);
            fprintf(stderr, "crema: cannot run the JVM controller %s: %s\n", launcher, strerror(errno));
            return;
        }
    }
    fprintf(stderr, "crema: the JVM controller bin/crema-jvm is not next to %s\n", self);
}
