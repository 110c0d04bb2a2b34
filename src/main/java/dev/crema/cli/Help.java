package dev.crema.cli;

/** The text of crema --help. */
final class Help {
    private Help() {}

    static final String TEXT = """
            crema: an OCI container runtime (a drop-in for runc)

            Usage: crema [global options] COMMAND [command options] [arguments]

            Commands:
              create    create a container from a bundle; its process waits for start
              start     start the user process of a created container
              state     print the state of a container as JSON
              kill      send a signal to the container's init (or to all its processes with --all)
              delete    delete a stopped container (--force: also a running one)
              run       create and start a container, wait for it and exit with its exit code
              list      list containers (--format table|json, --quiet)
              exec      run a new process in a running container (--process FILE or ARGS...)
              update    change a container's resource limits (--resources FILE|-, --memory, --pids-limit, ...)
              events    resource usage as JSON (--stats once, else every --interval, and OOMs as they happen)
              pause     freeze every process of a running container
              resume    thaw a paused container
              ps        list the container's processes (--format table|json, then ps options)
              spec      write a default config.json (--rootless, --bundle DIR)
              features  print the OCI features JSON of this runtime
              checkpoint  runc's flags are checked; CRIU itself is not implemented
              restore   runc's flags are checked; CRIU itself is not implemented
              server    start, stop or show the warm server of this root (start --idle-timeout D --foreground)

            Global options:
              --root DIR           state directory (default /run/crema; $XDG_RUNTIME_DIR/crema when rootless)
              --rootless MODE      auto (default), true or false: cgroups only where delegated
              --log FILE           also write error lines to FILE
              --log-format FORMAT  text (default) or json
              --debug              debug lines, as runc's (and the init plan of create, run and exec)
              --version, -v        print the version
              --help, -h           this text

            crema COMMAND --help prints a command's flags; man crema-COMMAND (the package) or docs/usage.md
            says more.
            """;
}
