package dev.crema.invocation;

/** Called with the number of a signal the caller of crema received (INT, TERM, HUP, WINCH, ...). */
public interface SignalListener {
    void signal(int number);
}
