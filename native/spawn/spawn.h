/* What the two spawners of crema share: libcrema's spawn (the JVM controller) and the client's SPAWN (server
 * mode, for the server) start crema-init, hooks and newuidmap the same way, so both modes give a child the same
 * signals and fds. Compiled into both (native/Makefile). */
#ifndef CREMA_SPAWN_H
#define CREMA_SPAWN_H

#include <spawn.h>
#include <sys/types.h>

/* sources in a spawn's fd map that are actions, not fds: close the target, or the target and every fd above it
 * (dev.crema.sys.Processes.SPAWN_CLOSE and SPAWN_CLOSE_FROM) */
#define SPAWN_CLOSE (-1)
#define SPAWN_CLOSE_FROM (-2)

/* adds one pair of a spawn's fd map to actions: dup2 of source to target, or SPAWN_CLOSE / SPAWN_CLOSE_FROM of
 * target; 0 or an errno */
int spawn_add_fd_action(posix_spawn_file_actions_t *actions, int source, int target);

/* posix_spawn of path with these fd actions; the child starts with no signal blocked and every one at its
 * default, whatever the caller blocks or handles; 0 or an errno */
int spawn_with_default_signals(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                               char *const argv[], char *const envp[]);

#endif
