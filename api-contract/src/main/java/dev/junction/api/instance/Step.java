package dev.junction.api.instance;

/** The three containers of one task, in order. */
public enum Step {
    SETUP, STENCIL, TEARDOWN
}
