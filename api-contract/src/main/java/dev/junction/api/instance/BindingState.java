package dev.junction.api.instance;

/** Where a binding is. A failed bind leaves {@code FAILED} (nothing stored); a failed unbind leaves it {@code BOUND}. */
public enum BindingState {
    BINDING, BOUND, UNBINDING, GONE, FAILED
}
