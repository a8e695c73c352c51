/**
 * MoldUDP64 framing per Nasdaq's public specification (v1.00): the downstream packet header
 * ({@link qsl.protocol.mold.MoldPacketDescriptor}), message blocks, the re-request packet
 * ({@link qsl.protocol.mold.MoldRequestDescriptor}), a total decoder ({@link qsl.protocol.mold.MoldDecoder})
 * and a packet builder ({@link qsl.protocol.mold.MoldPacketWriter}). All numbers big-endian. JDK only.
 */
package qsl.protocol.mold;
