/* libcrema: the thin JNI syscall layer. One function per call, no logic beyond marshalling; every failure
 * becomes dev.crema.sys.SyscallException(call, subject, errno). The signatures are checked against the
 * javac-generated headers. */
#include <errno.h>
#include <fcntl.h>
#include <jni.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dev_crema_sys_Fds.h"
#include "dev_crema_sys_Processes.h"
#include "spawn/spawn.h"

static void throw_errno(JNIEnv *env, const char *call, const char *subject, int err)
{
    jclass cls = (*env)->FindClass(env, "dev/crema/sys/SyscallException");
    if (!cls)
        return;
    jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(Ljava/lang/String;Ljava/lang/String;I)V");
    if (!ctor)
        return;
    jstring jcall = (*env)->NewStringUTF(env, call);
    jstring jsubject = (*env)->NewStringUTF(env, subject ? subject : "");
    jobject ex = (*env)->NewObject(env, cls, ctor, jcall, jsubject, (jint)err);
    if (ex)
        (*env)->Throw(env, (jthrowable)ex);
}

static void throw_int(JNIEnv *env, const char *call, long subject, int err)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", subject);
    throw_errno(env, call, buf, err);
}

/* A NULL-terminated copy of a String[]; free with free_strings. */
static char **to_strings(JNIEnv *env, jobjectArray array)
{
    jsize n = array ? (*env)->GetArrayLength(env, array) : 0;
    char **out = calloc((size_t)n + 1, sizeof(char *));
    if (!out)
        return NULL;
    for (jsize i = 0; i < n; i++) {
        jstring s = (jstring)(*env)->GetObjectArrayElement(env, array, i);
        const char *utf = (*env)->GetStringUTFChars(env, s, NULL);
        out[i] = strdup(utf ? utf : "");
        if (utf)
            (*env)->ReleaseStringUTFChars(env, s, utf);
        (*env)->DeleteLocalRef(env, s);
    }
    return out;
}

static void free_strings(char **strings)
{
    if (!strings)
        return;
    for (char **s = strings; *s; s++)
        free(*s);
    free(strings);
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Processes_spawn(JNIEnv *env, jclass cls, jstring jpath, jobjectArray jargv,
                                                          jobjectArray jenvp, jintArray jfdmap)
{
    (void)cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    char **argv = to_strings(env, jargv);
    char **envp = to_strings(env, jenvp);
    jsize nfd = jfdmap ? (*env)->GetArrayLength(env, jfdmap) : 0;
    jint *fds = jfdmap ? (*env)->GetIntArrayElements(env, jfdmap, NULL) : NULL;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    int err = 0;
    for (jsize i = 0; i + 1 < nfd && !err; i += 2)
        err = spawn_add_fd_action(&actions, fds[i], fds[i + 1]);
    pid_t pid = -1;
    if (!err)
        err = spawn_with_default_signals(&pid, path, &actions, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    if (fds)
        (*env)->ReleaseIntArrayElements(env, jfdmap, fds, JNI_ABORT);
    free_strings(argv);
    free_strings(envp);
    if (err)
        throw_errno(env, "posix_spawn", path, err);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
    return pid;
}

JNIEXPORT jintArray JNICALL Java_dev_crema_sys_Processes_waitpid(JNIEnv *env, jclass cls, jint pid, jint flags)
{
    (void)cls;
    int status = 0;
    pid_t r;
    do {
        r = waitpid(pid, &status, flags);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        throw_int(env, "waitpid", pid, errno);
        return NULL;
    }
    jintArray out = (*env)->NewIntArray(env, 2);
    jint values[2] = { r, status };
    if (out)
        (*env)->SetIntArrayRegion(env, out, 0, 2, values);
    return out;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_kill(JNIEnv *env, jclass cls, jint pid, jint sig)
{
    (void)cls;
    if (kill(pid, sig) < 0)
        throw_int(env, "kill", pid, errno);
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Processes_pidfdOpen(JNIEnv *env, jclass cls, jint pid)
{
    (void)cls;
    long fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0)
        throw_int(env, "pidfd_open", pid, errno);
    return (jint)fd;
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Processes_pidfdGetFd(JNIEnv *env, jclass cls, jint pidfd, jint target)
{
    (void)cls;
    long fd = syscall(SYS_pidfd_getfd, pidfd, target, 0);
    if (fd < 0)
        throw_int(env, "pidfd_getfd", target, errno);
    return (jint)fd;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_pidfdSendSignal(JNIEnv *env, jclass cls, jint pidfd, jint sig)
{
    (void)cls;
    if (syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
        throw_int(env, "pidfd_send_signal", pidfd, errno);
}

/* poll(fd, POLLIN, timeout), again after EINTR: true when readable (a pidfd: the process exited), false on
 * timeout; a failure is thrown naming the fd */
static jboolean poll_in(JNIEnv *env, int fd, int timeout)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int r;
    do {
        r = poll(&pfd, 1, timeout);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
        throw_int(env, "poll", fd, errno);
        return JNI_FALSE;
    }
    return r > 0 ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jboolean JNICALL Java_dev_crema_sys_Processes_pidfdWaitExit(JNIEnv *env, jclass cls, jint pidfd,
                                                                     jint timeout)
{
    (void)cls;
    return poll_in(env, pidfd, timeout);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_prlimit(JNIEnv *env, jclass cls, jint pid, jint resource,
                                                           jlong soft, jlong hard)
{
    (void)cls;
    struct rlimit lim = { .rlim_cur = soft < 0 ? RLIM_INFINITY : (rlim_t)soft,
                          .rlim_max = hard < 0 ? RLIM_INFINITY : (rlim_t)hard };
    if (prlimit(pid, (enum __rlimit_resource)resource, &lim, NULL) < 0)
        throw_int(env, "prlimit", pid, errno);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_becomeSubreaper(JNIEnv *env, jclass cls)
{
    (void)cls;
    if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
        throw_errno(env, "prctl", "PR_SET_CHILD_SUBREAPER", errno);
}

JNIEXPORT jintArray JNICALL Java_dev_crema_sys_Fds_socketPair(JNIEnv *env, jclass cls)
{
    (void)cls;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        throw_errno(env, "socketpair", "", errno);
        return NULL;
    }
    jintArray out = (*env)->NewIntArray(env, 2);
    jint values[2] = { sv[0], sv[1] };
    if (out)
        (*env)->SetIntArrayRegion(env, out, 0, 2, values);
    return out;
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Fds_read(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off,
                                                   jint len)
{
    (void)cls;
    jbyte tmp[8192];
    if (len > (jint)sizeof tmp)
        len = (jint)sizeof tmp;
    ssize_t n;
    do {
        n = read(fd, tmp, (size_t)len);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw_int(env, "read", fd, errno);
        return -1;
    }
    (*env)->SetByteArrayRegion(env, buf, off, (jsize)n, tmp);
    return (jint)n;
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Fds_write(JNIEnv *env, jclass cls, jint fd, jbyteArray buf, jint off,
                                                    jint len)
{
    (void)cls;
    jbyte *bytes = (*env)->GetByteArrayElements(env, buf, NULL);
    if (!bytes)
        return -1;
    ssize_t n;
    do {
        n = write(fd, bytes + off, (size_t)len);
    } while (n < 0 && errno == EINTR);
    int err = errno;
    (*env)->ReleaseByteArrayElements(env, buf, bytes, JNI_ABORT);
    if (n < 0) {
        throw_int(env, "write", fd, err);
        return -1;
    }
    return (jint)n;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Fds_close(JNIEnv *env, jclass cls, jint fd)
{
    (void)cls;
    if (close(fd) < 0 && errno != EINTR)
        throw_int(env, "close", fd, errno);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Fds_mkfifo(JNIEnv *env, jclass cls, jstring jpath, jint mode)
{
    (void)cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    if (mkfifo(path, (mode_t)mode) < 0)
        throw_errno(env, "mkfifo", path, errno);
    else if (chmod(path, (mode_t)mode) < 0) /* mkfifo's mode is masked by the umask */
        throw_errno(env, "chmod", path, errno);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
}

/* ---- libseccomp: the controller compiles the filter, the init loads the exported BPF ---- */
#include <seccomp.h>
#include <sys/mman.h>

#include "dev_crema_sys_Seccomp.h"

JNIEXPORT jlong JNICALL Java_dev_crema_sys_Seccomp_init(JNIEnv *env, jclass cls, jint action)
{
    (void)cls;
    scmp_filter_ctx ctx = seccomp_init((uint32_t)action);
    if (!ctx)
        throw_errno(env, "seccomp_init", "", EINVAL);
    return (jlong)(intptr_t)ctx;
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Seccomp_archResolveName(JNIEnv *env, jclass cls, jstring jname)
{
    (void)cls;
    const char *name = (*env)->GetStringUTFChars(env, jname, NULL);
    uint32_t token = seccomp_arch_resolve_name(name);
    (*env)->ReleaseStringUTFChars(env, jname, name);
    return (jint)token;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Seccomp_archAdd(JNIEnv *env, jclass cls, jlong ctx, jint token)
{
    (void)cls;
    int rc = seccomp_arch_add((scmp_filter_ctx)(intptr_t)ctx, (uint32_t)token);
    if (rc < 0 && rc != -EEXIST)
        throw_int(env, "seccomp_arch_add", token, -rc);
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Seccomp_syscallResolveName(JNIEnv *env, jclass cls, jstring jname)
{
    (void)cls;
    const char *name = (*env)->GetStringUTFChars(env, jname, NULL);
    int nr = seccomp_syscall_resolve_name(name);
    (*env)->ReleaseStringUTFChars(env, jname, name);
    return nr;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Seccomp_ruleAdd(JNIEnv *env, jclass cls, jlong ctx, jint action, jint nr,
                                                         jlongArray jargs)
{
    (void)cls;
    jsize n = jargs ? (*env)->GetArrayLength(env, jargs) / 4 : 0;
    jlong *a = jargs ? (*env)->GetLongArrayElements(env, jargs, NULL) : NULL;
    struct scmp_arg_cmp cmp[6];
    for (jsize i = 0; i < n && i < 6; i++) {
        cmp[i].arg = (unsigned int)a[4 * i];
        cmp[i].op = (enum scmp_compare)a[4 * i + 1];
        cmp[i].datum_a = (scmp_datum_t)a[4 * i + 2];
        cmp[i].datum_b = (scmp_datum_t)a[4 * i + 3];
    }
    if (a)
        (*env)->ReleaseLongArrayElements(env, jargs, a, JNI_ABORT);
    int rc = seccomp_rule_add_array((scmp_filter_ctx)(intptr_t)ctx, (uint32_t)action, nr, (unsigned int)(n > 6 ? 6 : n), cmp);
    if (rc < 0)
        throw_int(env, "seccomp_rule_add", nr, -rc);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Seccomp_attrSet(JNIEnv *env, jclass cls, jlong ctx, jint attr, jint value)
{
    (void)cls;
    int rc = seccomp_attr_set((scmp_filter_ctx)(intptr_t)ctx, (enum scmp_filter_attr)attr, (uint32_t)value);
    if (rc < 0)
        throw_int(env, "seccomp_attr_set", attr, -rc);
}

JNIEXPORT jbyteArray JNICALL Java_dev_crema_sys_Seccomp_exportBpf(JNIEnv *env, jclass cls, jlong ctx)
{
    (void)cls;
    int fd = memfd_create("crema-seccomp", MFD_CLOEXEC);
    if (fd < 0) {
        throw_errno(env, "memfd_create", "crema-seccomp", errno);
        return NULL;
    }
    int rc = seccomp_export_bpf((scmp_filter_ctx)(intptr_t)ctx, fd);
    off_t size = rc < 0 ? -1 : lseek(fd, 0, SEEK_END);
    if (rc < 0 || size < 0) {
        close(fd);
        throw_errno(env, "seccomp_export_bpf", "", rc < 0 ? -rc : errno);
        return NULL;
    }
    jbyteArray out = (*env)->NewByteArray(env, (jsize)size);
    jbyte *buf = malloc(size ? (size_t)size : 1);
    ssize_t got = buf ? pread(fd, buf, (size_t)size, 0) : -1;
    close(fd);
    if (got != size) {
        free(buf);
        throw_errno(env, "pread", "crema-seccomp", errno ? errno : EIO);
        return NULL;
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize)size, buf);
    free(buf);
    return out;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Seccomp_release(JNIEnv *env, jclass cls, jlong ctx)
{
    (void)env;
    (void)cls;
    seccomp_release((scmp_filter_ctx)(intptr_t)ctx);
}

JNIEXPORT jintArray JNICALL Java_dev_crema_sys_Seccomp_version(JNIEnv *env, jclass cls)
{
    (void)cls;
    const struct scmp_version *v = seccomp_version();
    if (!v) {
        throw_errno(env, "seccomp_version", "", ENOSYS);
        return NULL;
    }
    jintArray out = (*env)->NewIntArray(env, 3);
    jint values[3] = { (jint)v->major, (jint)v->minor, (jint)v->micro };
    if (out)
        (*env)->SetIntArrayRegion(env, out, 0, 3, values);
    return out;
}

/* ---- fds over unix sockets: the pty master from the init, and on to the console socket ---- */
#include <sys/un.h>

JNIEXPORT jintArray JNICALL Java_dev_crema_sys_Fds_receiveWithFd(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                                jint off, jint len)
{
    (void)cls;
    jbyte tmp[256];
    if (len > (jint)sizeof tmp)
        len = (jint)sizeof tmp;
    char control[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { .iov_base = tmp, .iov_len = (size_t)len };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    ssize_t n;
    do {
        n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw_int(env, "recvmsg", fd, errno);
        return NULL;
    }
    int received = -1;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            memcpy(&received, CMSG_DATA(c), sizeof(int));
    }
    (*env)->SetByteArrayRegion(env, buf, off, (jsize)n, tmp);
    jintArray out = (*env)->NewIntArray(env, 2);
    jint values[2] = { (jint)n, received };
    if (out)
        (*env)->SetIntArrayRegion(env, out, 0, 2, values);
    return out;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Fds_sendFdTo(JNIEnv *env, jclass cls, jstring jpath, jstring jname, jint fd)
{
    (void)cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    const char *name = (*env)->GetStringUTFChars(env, jname, NULL);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int err = 0;
    const char *call = "socket";
    int s = -1;
    if (strlen(path) >= sizeof addr.sun_path) {
        err = ENAMETOOLONG;
        call = "connect";
    } else if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0) {
        err = errno;
    } else {
        strcpy(addr.sun_path, path);
        if (connect(s, (struct sockaddr *)&addr, sizeof addr) < 0) {
            err = errno;
            call = "connect";
        } else {
            char control[CMSG_SPACE(sizeof(int))];
            memset(control, 0, sizeof control);
            struct iovec iov = { .iov_base = (void *)name, .iov_len = strlen(name) };
            struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
            struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
            c->cmsg_level = SOL_SOCKET;
            c->cmsg_type = SCM_RIGHTS;
            c->cmsg_len = CMSG_LEN(sizeof(int));
            memcpy(CMSG_DATA(c), &fd, sizeof(int));
            if (sendmsg(s, &mh, 0) < 0) {
                err = errno;
                call = "sendmsg";
            }
        }
    }
    if (s >= 0)
        close(s);
    if (err)
        throw_errno(env, call, path, err);
    (*env)->ReleaseStringUTFChars(env, jname, name);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
}

/* ---- the user's terminal, for a foreground run or exec with a pty and no console socket ---- */
#include <sys/ioctl.h>
#include <termios.h>

#include "dev_crema_sys_Terminals.h"

JNIEXPORT jboolean JNICALL Java_dev_crema_sys_Terminals_isTerminal(JNIEnv *env, jclass cls, jint fd)
{
    (void)env;
    (void)cls;
    return isatty(fd) ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jbyteArray JNICALL Java_dev_crema_sys_Terminals_makeRaw(JNIEnv *env, jclass cls, jint fd)
{
    (void)cls;
    struct termios saved, raw;
    if (tcgetattr(fd, &saved) < 0) {
        throw_int(env, "tcgetattr", fd, errno);
        return NULL;
    }
    raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(fd, TCSANOW, &raw) < 0) {
        throw_int(env, "tcsetattr", fd, errno);
        return NULL;
    }
    jbyteArray out = (*env)->NewByteArray(env, (jsize)sizeof saved);
    if (out)
        (*env)->SetByteArrayRegion(env, out, 0, (jsize)sizeof saved, (const jbyte *)&saved);
    return out;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Terminals_restore(JNIEnv *env, jclass cls, jint fd, jbyteArray jsaved)
{
    (void)cls;
    struct termios saved;
    if ((*env)->GetArrayLength(env, jsaved) != (jsize)sizeof saved) {
        throw_int(env, "tcsetattr", fd, EINVAL);
        return;
    }
    (*env)->GetByteArrayRegion(env, jsaved, 0, (jsize)sizeof saved, (jbyte *)&saved);
    if (tcsetattr(fd, TCSANOW, &saved) < 0)
        throw_int(env, "tcsetattr", fd, errno);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Terminals_copyWindowSize(JNIEnv *env, jclass cls, jint from, jint to)
{
    (void)cls;
    struct winsize ws;
    if (ioctl(from, TIOCGWINSZ, &ws) < 0)
        throw_int(env, "ioctl(TIOCGWINSZ)", from, errno);
    else if (ioctl(to, TIOCSWINSZ, &ws) < 0)
        throw_int(env, "ioctl(TIOCSWINSZ)", to, errno);
}

/* ---- bpf: the cgroup v2 device filter the controller assembled ---- */
#include <linux/bpf.h>

#include "dev_crema_sys_Bpf.h"

JNIEXPORT jint JNICALL Java_dev_crema_sys_Bpf_loadDeviceProgram(JNIEnv *env, jclass cls, jbyteArray jinsns,
                                                               jstring jlicense)
{
    (void)cls;
    jsize len = (*env)->GetArrayLength(env, jinsns);
    jbyte *insns = (*env)->GetByteArrayElements(env, jinsns, NULL);
    const char *license = (*env)->GetStringUTFChars(env, jlicense, NULL);
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    attr.insn_cnt = (uint32_t)(len / 8);
    attr.insns = (uint64_t)(uintptr_t)insns;
    attr.license = (uint64_t)(uintptr_t)license;
    long fd = syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
    int err = errno;
    (*env)->ReleaseStringUTFChars(env, jlicense, license);
    (*env)->ReleaseByteArrayElements(env, jinsns, insns, JNI_ABORT);
    if (fd < 0)
        throw_errno(env, "bpf", "BPF_PROG_LOAD", err);
    return (jint)fd;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Bpf_attachDeviceProgram(JNIEnv *env, jclass cls, jstring jdir, jint prog)
{
    (void)cls;
    const char *dir = (*env)->GetStringUTFChars(env, jdir, NULL);
    int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cg < 0) {
        throw_errno(env, "open", dir, errno);
    } else {
        union bpf_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.target_fd = (uint32_t)cg;
        attr.attach_bpf_fd = (uint32_t)prog;
        attr.attach_type = BPF_CGROUP_DEVICE;
        attr.attach_flags = BPF_F_ALLOW_MULTI;
        if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof attr) < 0)
            throw_errno(env, "bpf BPF_PROG_ATTACH", dir, errno);
        close(cg);
    }
    (*env)->ReleaseStringUTFChars(env, jdir, dir);
}

/* ---- OOM notification: cgroup v1 signals an eventfd registered in cgroup.event_control ---- */
#include <sys/eventfd.h>

JNIEXPORT jint JNICALL Java_dev_crema_sys_Fds_eventfd(JNIEnv *env, jclass cls)
{
    (void)cls;
    int fd = eventfd(0, EFD_CLOEXEC);
    if (fd < 0)
        throw_errno(env, "eventfd", "", errno);
    return fd;
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Fds_openReadOnly(JNIEnv *env, jclass cls, jstring jpath)
{
    (void)cls;
    const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    if (!path)
        return -1;
    int fd;
    do {
        fd = open(path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        throw_errno(env, "open", path, errno);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
    return fd;
}

/* ---- server mode: the unix socket of `crema server`, its peers' credentials, and a command thread's own
 * cwd and umask (unshare(CLONE_FS) gives one thread of the JVM its own, so relative paths resolve as the
 * client's) ---- */
#include <sched.h>

#include "dev_crema_sys_Sockets.h"

JNIEXPORT jint JNICALL Java_dev_crema_sys_Sockets_unixStream(JNIEnv *env, jclass cls)
{
    (void)cls;
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        throw_errno(env, "socket", "AF_UNIX", errno);
    return s;
}

/* fills addr from a Java path; 0, or ENAMETOOLONG */
static int unix_address(JNIEnv *env, jstring jpath, struct sockaddr_un *addr, const char **path)
{
    *path = (*env)->GetStringUTFChars(env, jpath, NULL);
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    if (strlen(*path) >= sizeof addr->sun_path)
        return ENAMETOOLONG;
    strcpy(addr->sun_path, *path);
    return 0;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Sockets_bind(JNIEnv *env, jclass cls, jint fd, jstring jpath)
{
    (void)cls;
    struct sockaddr_un addr;
    const char *path;
    int err = unix_address(env, jpath, &addr, &path);
    if (!err && bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0)
        err = errno;
    if (err)
        throw_errno(env, "bind", path, err);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Sockets_connect(JNIEnv *env, jclass cls, jint fd, jstring jpath)
{
    (void)cls;
    struct sockaddr_un addr;
    const char *path;
    int err = unix_address(env, jpath, &addr, &path);
    if (!err) {
        int r;
        do {
            r = connect(fd, (struct sockaddr *)&addr, sizeof addr);
        } while (r < 0 && errno == EINTR);
        if (r < 0)
            err = errno;
    }
    if (err)
        throw_errno(env, "connect", path, err);
    (*env)->ReleaseStringUTFChars(env, jpath, path);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Sockets_listen(JNIEnv *env, jclass cls, jint fd, jint backlog)
{
    (void)cls;
    if (listen(fd, backlog) < 0)
        throw_int(env, "listen", fd, errno);
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Sockets_accept(JNIEnv *env, jclass cls, jint fd)
{
    (void)cls;
    int c;
    do {
        c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    } while (c < 0 && errno == EINTR);
    if (c < 0)
        throw_int(env, "accept4", fd, errno);
    return c;
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Sockets_shutdown(JNIEnv *env, jclass cls, jint fd)
{
    (void)cls;
    if (shutdown(fd, SHUT_RDWR) < 0)
        throw_int(env, "shutdown", fd, errno);
}

JNIEXPORT jintArray JNICALL Java_dev_crema_sys_Sockets_peerCredentials(JNIEnv *env, jclass cls, jint fd)
{
    (void)cls;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
        throw_int(env, "getsockopt SO_PEERCRED", fd, errno);
        return NULL;
    }
    jintArray out = (*env)->NewIntArray(env, 3);
    jint values[3] = { (jint)cred.pid, (jint)cred.uid, (jint)cred.gid };
    if (out)
        (*env)->SetIntArrayRegion(env, out, 0, 3, values);
    return out;
}

#define MAX_FDS 64

JNIEXPORT void JNICALL Java_dev_crema_sys_Sockets_sendWithFds(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                             jint off, jint len, jintArray jfds)
{
    (void)cls;
    jsize nfds = jfds ? (*env)->GetArrayLength(env, jfds) : 0;
    if (nfds > MAX_FDS) {
        throw_int(env, "sendmsg", fd, EINVAL);
        return;
    }
    jbyte *bytes = (*env)->GetByteArrayElements(env, buf, NULL);
    char control[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    memset(control, 0, sizeof control);
    struct iovec iov = { .iov_base = bytes + off, .iov_len = (size_t)len };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
    if (nfds > 0) {
        mh.msg_control = control;
        mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
        (*env)->GetIntArrayRegion(env, jfds, 0, nfds, (jint *)CMSG_DATA(c));
    }
    ssize_t n;
    do {
        n = sendmsg(fd, &mh, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    int err = n < 0 ? errno : 0;
    /* a short write (a full buffer) sends the rest without the fds, which went with the first byte */
    size_t done = n < 0 ? 0 : (size_t)n;
    while (!err && done < (size_t)len) {
        n = send(fd, bytes + off + done, (size_t)len - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            err = errno;
        else
            done += (size_t)n;
    }
    (*env)->ReleaseByteArrayElements(env, buf, bytes, JNI_ABORT);
    if (err)
        throw_int(env, "sendmsg", fd, err);
}

/* recvmsg into buf[off, off+len); returns {bytes read, fd count, fds...}; fds arrive close-on-exec */
JNIEXPORT jintArray JNICALL Java_dev_crema_sys_Sockets_receiveWithFds(JNIEnv *env, jclass cls, jint fd, jbyteArray buf,
                                                                     jint off, jint len)
{
    (void)cls;
    char tmp[65536];
    if (len > (jint)sizeof tmp)
        len = (jint)sizeof tmp;
    char control[CMSG_SPACE(sizeof(int) * MAX_FDS)];
    struct iovec iov = { .iov_base = tmp, .iov_len = (size_t)len };
    struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
    ssize_t n;
    do {
        n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        throw_int(env, "recvmsg", fd, errno);
        return NULL;
    }
    jint values[2 + MAX_FDS];
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int i = 0; i < k && count < MAX_FDS; i++)
            memcpy(&values[2 + count++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
    }
    values[0] = (jint)n;
    values[1] = count;
    (*env)->SetByteArrayRegion(env, buf, off, (jsize)n, (jbyte *)tmp);
    jintArray out = (*env)->NewIntArray(env, 2 + count);
    if (out)
        (*env)->SetIntArrayRegion(env, out, 0, 2 + count, values);
    return out;
}

/* poll(fd, POLLIN, timeout): true when readable (or hung up) */
JNIEXPORT jboolean JNICALL Java_dev_crema_sys_Sockets_pollIn(JNIEnv *env, jclass cls, jint fd, jint timeout)
{
    (void)cls;
    return poll_in(env, fd, timeout);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_unshareFs(JNIEnv *env, jclass cls)
{
    (void)cls;
    if (unshare(CLONE_FS) < 0)
        throw_errno(env, "unshare", "CLONE_FS", errno);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_fchdir(JNIEnv *env, jclass cls, jint fd)
{
    (void)cls;
    if (fchdir(fd) < 0)
        throw_int(env, "fchdir", fd, errno);
}

JNIEXPORT jint JNICALL Java_dev_crema_sys_Processes_umask(JNIEnv *env, jclass cls, jint mask)
{
    (void)env;
    (void)cls;
    return (jint)umask((mode_t)mask);
}

JNIEXPORT void JNICALL Java_dev_crema_sys_Processes_setsid(JNIEnv *env, jclass cls)
{
    (void)cls;
    if (setsid() < 0)
        throw_errno(env, "setsid", "", errno);
}
