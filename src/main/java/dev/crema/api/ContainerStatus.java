package dev.crema.api;

/** A container's status as the runtime spec names it, derived now from the db and the kernel. */
public enum ContainerStatus {
    /** create is still running (its controller is alive). */
    CREATING("creating"),
    /** The init waits for start. */
    CREATED("created"),
    /** The user's program runs. */
    RUNNING("running"),
    /** Its cgroup is frozen (pause). */
    PAUSED("paused"),
    /** The container process has exited (or create died half-way). */
    STOPPED("stopped");

    private final String text;

    ContainerStatus(String text) {
        this.text = text;
    }

    /** The runtime spec's word, as {@code crema state} prints it. */
    public String text() {
        return text;
    }

    static ContainerStatus of(String text) {
        for (ContainerStatus s : values()) {
            if (s.text.equals(text)) return s;
        }
        throw new IllegalStateException("unknown status " + text);
    }
}
