/**
 * Wire codecs as flyweights over memory segments: SoupBinTCP 3.0 framing and qsl order-entry messages, FIX 4.4 tag=value, MoldUDP64 and market-by-order messages. Decoders are total. JDK only.
 */
package qsl.protocol;
