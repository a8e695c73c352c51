package qsl.book.differential;

import qsl.book.Engine;
import qsl.book.EngineConfig;
import qsl.book.EventSink;

/** Builds one engine under test. */
@FunctionalInterface
public interface EngineFactory {
    Engine create(EngineConfig config, EventSink sink);
}
