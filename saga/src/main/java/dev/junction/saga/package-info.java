/**
 * Sagas coordinate work that spans aggregates and the outside world: peer propagation of pipe
 * ends, container lifecycles with retries and compensation. A saga never blocks on a slow call; it
 * sends a command that an infra adapter executes, and the outcome comes back as an event.
 */
package dev.junction.saga;
