/**
 * Processes that follow events across aggregates: the peer propagation saga, which keeps a peer's
 * copy of a pipe's end up to date and retries on persistent deadlines ({@code propagation}), and the
 * handler that carries a resource's data changes into its live pipes ({@code platform}). Neither
 * waits on a slow call: each sends commands, and an outcome that takes time (a peer's answer) comes
 * back as an event.
 */
package dev.junction.saga;
