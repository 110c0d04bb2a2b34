package dev.crema.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.crema.container.ContainerException;
import dev.crema.db.StoreException;
import dev.crema.spec.ConfigException;
import dev.crema.sys.Errno;
import dev.crema.sys.SyscallException;
import org.junit.jupiter.api.Test;

/** Each internal failure becomes its library type, with the message the CLI prints kept word for word. */
class ErrorsTest {
    private static CremaException of(RuntimeException e) {
        return (CremaException) Errors.of("c1", e);
    }

    @Test
    void storeFailuresAreTypedByKind() {
        CremaException missing = of(new StoreException(StoreException.Kind.NOT_FOUND, "container does not exist"));
        assertInstanceOf(ContainerNotFoundException.class, missing);
        assertEquals("container does not exist", missing.getMessage());
        assertEquals("c1", missing.containerId());
        assertInstanceOf(ContainerExistsException.class,
                of(new StoreException(StoreException.Kind.EXISTS, "container with given ID already exists: c1")));
        assertInstanceOf(InvalidConfigException.class,
                of(new StoreException(StoreException.Kind.INVALID_ID, "invalid container ID format: a/b")));
        assertInstanceOf(SystemException.class, of(new StoreException("cannot save state of c1")));
    }

    @Test
    void lifecycleFailuresAreTypedByKind() {
        assertInstanceOf(WrongStateException.class,
                of(new ContainerException(ContainerException.Kind.WRONG_STATE, "container not running")));
        assertInstanceOf(ContainerNotFoundException.class,
                of(new ContainerException(ContainerException.Kind.NOT_FOUND, "container does not exist")));
        assertInstanceOf(InvalidConfigException.class,
                of(new ContainerException(ContainerException.Kind.INVALID, "root.path: required")));
        assertInstanceOf(SystemException.class, of(new ContainerException("hooks.prestart[0] (/x): exit status 1")));
    }

    @Test
    void configAndSystemFailuresKeepTheirWords() {
        CremaException config = of(new ConfigException("process.args: required"));
        assertInstanceOf(InvalidConfigException.class, config);
        assertEquals("process.args: required", config.getMessage());
        SyscallException syscall = new SyscallException("pidfd_open", "42", Errno.EPERM);
        CremaException system = of(syscall);
        assertInstanceOf(SystemException.class, system);
        assertEquals("pidfd_open 42: EPERM", system.getMessage());
        assertSame(syscall, system.getCause());
        // the CLI prints the exception itself when it has no message: so does the library's
        assertEquals("java.lang.IllegalStateException", of(new IllegalStateException()).getMessage());
    }

    @Test
    void aLibraryFailureIsPassedOnAsItIs() {
        RuntimeException wrong = Errors.wrongState("c1", "container c1 is not running");
        assertSame(wrong, Errors.of("c2", wrong));
    }

    @Test
    void updateNamesTheResourcesFlagAsTheCliDoes() {
        CremaException e = (CremaException) Errors.ofUpdate("c1", new ConfigException("pids.limit: expected a number"));
        assertInstanceOf(InvalidConfigException.class, e);
        assertEquals("--resources: pids.limit: expected a number", e.getMessage());
    }

    @Test
    void exitStatusOfARawWaitStatus() {
        assertEquals(new ExitStatus(true, 3, 0), ExitStatus.ofWaitStatus(3 << 8));
        ExitStatus killed = ExitStatus.ofWaitStatus(9);
        assertEquals(9, killed.signal());
        assertEquals(137, killed.shellCode());
        assertEquals(false, ExitStatus.UNKNOWN.known());
    }
}
