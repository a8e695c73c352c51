package qsl.book.differential;

import qsl.book.MatchingEngine;
import qsl.book.reference.ReferenceEngine;

/** The engines the differential tests compare. */
public final class Engines {
    private Engines() {}

    /** The plain on-heap reference. */
    public static final EngineFactory REFERENCE = ReferenceEngine::new;

    /** The off-heap engine under test. */
    public static final EngineFactory FAST = MatchingEngine::new;
}
