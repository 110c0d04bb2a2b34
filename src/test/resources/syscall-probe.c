/* A test helper built by DropInIT: makes the raw syscall numbered argv[1] (no arguments) and prints its
 * result and errno, so a test sees what a seccomp filter answers for a syscall busybox never makes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    long r = syscall(atol(argv[1]));
    printf("%ld %d\n", r, r < 0 ? errno : 0);
    return 0;
}
