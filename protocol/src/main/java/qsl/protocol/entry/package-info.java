/**
 * qsl's order-entry messages, carried one per SoupBinTCP data packet: requests in Unsequenced
 * Data ({@code 'U'}) from client to server, responses in Sequenced Data ({@code 'S'}) from server
 * to client. Big-endian binary in the spirit of OUCH; the first byte is the message type. One
 * descriptor class per message with its byte diagram, static accessors and an encoder;
 * {@link qsl.protocol.entry.EntryDecoder} validates a whole message and answers its type or a
 * typed {@link qsl.protocol.entry.EntryError}, never throwing. JDK only, allocation free.
 */
package qsl.protocol.entry;
