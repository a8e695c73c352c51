package qsl.perf.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollapsedStacksTest {

    static final String CPU = """
            Thread.run;Loop.run;Engine.match;Book.best 70
            Thread.run;Loop.run;Engine.match 20
            Thread.run;Loop.run;Engine.match;Book.best 5
            Thread.run;Loop.idle 5
            broken line without count
            Thread.run;x -3
            Thread.run;y notanumber
            """;

    @Test
    void sumsIdenticalStacksAndCountsBadLines() {
        CollapsedStacks c = CollapsedStacks.parse(CPU);
        assertEquals(100, c.total());
        assertEquals(3, c.stacks().size());
        assertEquals(3, c.malformedLines());
    }

    @Test
    void selfAndInclusiveWeights() {
        CollapsedStacks c = CollapsedStacks.parse(CPU);
        assertEquals(List.of(new CollapsedStacks.FrameWeight("Book.best", 75), new CollapsedStacks.FrameWeight("Engine.match", 20),
                new CollapsedStacks.FrameWeight("Loop.idle", 5)), c.topSelf(10));
        assertEquals(List.of(new CollapsedStacks.FrameWeight("Thread.run", 100), new CollapsedStacks.FrameWeight("Engine.match", 95),
                new CollapsedStacks.FrameWeight("Loop.run", 95)), c.topInclusive(3), "heaviest first, ties by name");
        assertEquals(95, c.inclusive(f -> f.startsWith("Engine.")));
        assertEquals(List.of(new CollapsedStacks.FrameWeight("Book.best", 75)), c.topSelf(1));
    }

    @Test
    void allocationSitesPairClassWithAllocatingFrame() {
        CollapsedStacks bytes = CollapsedStacks.parse("""
                main;Capture.window;W.run;W.grow;long[]_[i] 4096
                main;Capture.window;W.run;W.grow;long[]_[k] 1024
                main;Other.log;java.lang.String_[i] 48
                """);
        CollapsedStacks samples = CollapsedStacks.parse("""
                main;Capture.window;W.run;W.grow;long[]_[i] 4
                main;Capture.window;W.run;W.grow;long[]_[k] 1
                main;Other.log;java.lang.String_[i] 2
                """);
        List<CollapsedStacks.AllocationSite> sites = bytes.allocationSites(samples);
        assertEquals(2, sites.size());
        assertEquals(new CollapsedStacks.AllocationSite("long[]", "W.grow", 5120, 5, "main;Capture.window;W.run;W.grow;long[]_[i]"), sites.get(0));
        assertEquals(new CollapsedStacks.AllocationSite("java.lang.String", "Other.log", 48, 2, "main;Other.log;java.lang.String_[i]"), sites.get(1));
        assertEquals(List.of(), CollapsedStacks.parse("").allocationSites(null));
    }

    @Test
    void stripsOnlyTheAnnotation() {
        assertEquals("a.B.c", CollapsedStacks.stripAnnotation("a.B.c_[j]"));
        assertEquals("byte[]", CollapsedStacks.stripAnnotation("byte[]_[i]"));
        assertEquals("byte[]", CollapsedStacks.stripAnnotation("byte[]"));
        assertEquals("x", CollapsedStacks.stripAnnotation("x"));
    }
}
