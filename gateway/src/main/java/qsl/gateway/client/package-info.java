/**
 * A SoupBinTCP order-entry client for qsl nodes: {@link qsl.gateway.client.OrderEntryClient}
 * logs in with a requested sequence number, sends Enter / Cancel / Replace / Mass Cancel, decodes
 * the sequenced responses into an {@link qsl.gateway.client.OrderEntryListener} of primitives,
 * sends client heartbeats and tracks the next expected sequence number so it can log in again
 * after a disconnection or a node restart and miss nothing. JDK and the protocol module only; no
 * allocation in steady state.
 */
package qsl.gateway.client;
