/**
 * SoupBinTCP 3.0 framing (Nasdaq's public specification): one descriptor class per packet type
 * with its byte diagram and static accessors and encoders over a caller's {@code MemorySegment},
 * a total frame decoder ({@link qsl.protocol.soup.SoupDecoder}: a packet, "need more bytes" or a
 * typed {@link qsl.protocol.soup.SoupError}, never an exception) and a streaming framer
 * ({@link qsl.protocol.soup.SoupFramer}) for partial and coalesced frames over a byte stream.
 * JDK only; nothing here allocates after construction.
 */
package qsl.protocol.soup;
