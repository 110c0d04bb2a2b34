#include "spawn.h"

#include <signal.h>

int spawn_add_fd_action(posix_spawn_file_actions_t *actions, int source, int target)
{
    /* glibc (>= 2.29) clears close-on-exec when both numbers are the same, as POSIX now asks; a close of an fd
     * that is not open is no error in glibc's child; closefrom is close_range in the child (glibc >= 2.34) */
    if (source == SPAWN_CLOSE)
        return posix_spawn_file_actions_addclose(actions, target);
    if (source == SPAWN_CLOSE_FROM)
        return posix_spawn_file_actions_addclosefrom_np(actions, target);
    return posix_spawn_file_actions_adddup2(actions, source, target);
}

int spawn_with_default_signals(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                               char *const argv[], char *const envp[])
{
    posix_spawnattr_t attr;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    int err = posix_spawnattr_init(&attr);
    if (err)
        return err;
    /* the JVM (and the client, for its relay) blocks and handles signals; the child must not inherit that */
    err = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (!err)
        err = posix_spawnattr_setsigmask(&attr, &none);
    if (!err)
        err = posix_spawnattr_setsigdefault(&attr, &all);
    if (!err)
        err = posix_spawn(pid, path, actions, &attr, argv, envp);
    posix_spawnattr_destroy(&attr);
    return err;
}
