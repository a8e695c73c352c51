package qsl.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qsl.app.mutation.PitReport;
import qsl.perf.results.JsonReader;
import qsl.perf.results.ResultsSchema;

/** PIT's XML is read per top-level class, and results/mutation.json keeps other modules' entries. */
class MutationCommandTest {
    static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <mutations>
            <mutation detected='true' status='KILLED' numberOfTestsRun='1'><sourceFile>A.java</sourceFile><mutatedClass>qsl.x.A</mutatedClass><mutatedMethod>f</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>3</lineNumber><mutator>org.pitest.mutationtest.engine.gregor.mutators.MathMutator</mutator><description>d</description></mutation>
            <mutation detected='true' status='TIMED_OUT' numberOfTestsRun='1'><sourceFile>A.java</sourceFile><mutatedClass>qsl.x.A$Inner</mutatedClass><mutatedMethod>g</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>4</lineNumber><mutator>m.M</mutator><description>d</description></mutation>
            <mutation detected='false' status='SURVIVED' numberOfTestsRun='1'><sourceFile>A.java</sourceFile><mutatedClass>qsl.x.A</mutatedClass><mutatedMethod>h</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>5</lineNumber><mutator>m.Negate</mutator><description>negated</description></mutation>
            <mutation detected='false' status='NO_COVERAGE' numberOfTestsRun='0'><sourceFile>B.java</sourceFile><mutatedClass>qsl.x.B</mutatedClass><mutatedMethod>k</mutatedMethod><methodDescription>()V</methodDescription><lineNumber>9</lineNumber><mutator>m.M</mutator><description>d</description></mutation>
            </mutations>
            """;

    @Test
    void scoresCountDetectedOverAllAndFoldNestedClasses() throws Exception {
        PitReport r = PitReport.read(new ByteArrayInputStream(XML.getBytes(StandardCharsets.UTF_8)));
        assertEquals(2, r.classes().size());
        PitReport.ClassScore a = r.classes().get("qsl.x.A");
        assertEquals(3, a.mutants);
        assertEquals(2, a.detected());
        assertEquals(1, a.survived);
        assertEquals(0.0, r.classes().get("qsl.x.B").scorePercent());
        assertEquals(2, r.survivors().size());
        assertEquals("Negate", r.survivors().get(0).mutator());
        assertEquals(5, r.survivors().get(0).line());
    }

    @Test
    void writingOneModuleKeepsTheOthers(@TempDir Path dir) throws Exception {
        PitReport r = PitReport.read(new ByteArrayInputStream(XML.getBytes(StandardCharsets.UTF_8)));
        MutationCommand.write(dir, Map.of("wal", MutationCommand.entry("wal", r, "./qsl mutation wal")), "./qsl mutation wal");
        MutationCommand.write(dir, Map.of("book", MutationCommand.entry("book", r, "./qsl mutation book")), "./qsl mutation book");
        Object doc = assertInstanceOf(JsonReader.Parsed.Success.class,
                JsonReader.parse(Files.readString(dir.resolve("mutation.json")))).value();
        assertEquals(java.util.List.of(), ResultsSchema.problems(doc));
        Map<?, ?> modules = (Map<?, ?>) ((Map<?, ?>) doc).get("modules");
        assertEquals(java.util.Set.of("wal", "book"), modules.keySet());
        // The kept entry (wal) is written back with its numbers as numbers, not quoted strings.
        Map<?, ?> walClasses = (Map<?, ?>) ((Map<?, ?>) modules.get("wal")).get("classes");
        assertInstanceOf(JsonReader.JsonNumber.class, ((Map<?, ?>) walClasses.get("qsl.x.A")).get("mutants"));
        assertInstanceOf(JsonReader.JsonNumber.class, ((Map<?, ?>) modules.get("wal")).get("score_pct"));
        Map<?, ?> figures = (Map<?, ?>) ((Map<?, ?>) doc).get("figures");
        assertTrue(figures.containsKey("score_pct_wal"));
        assertEquals(66.6, ((JsonReader.JsonNumber) figures.get("score_pct_qsl.x.A")).doubleValue());
    }

    @Test
    void targetsArePackagesOfTheModule() {
        assertEquals("qsl.book.*", MutationCommand.targets("book"));
        assertEquals("qsl.numa.*", MutationCommand.targets("numa-study"));
    }
}
