/**
 * qsl's market-by-order messages (ITCH-style, qsl's own big-endian layout) carried in MoldUDP64
 * message blocks: one descriptor (offsets + byte diagram) and one flyweight per message type, a
 * total decoder ({@link qsl.protocol.itch.ItchDecoder}) with typed errors ({@link qsl.protocol.itch.ItchError}).
 * Every message starts with its type byte and the engine sequence number of the command that
 * caused it. JDK only.
 */
package qsl.protocol.itch;
