package qsl.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import qsl.app.mutation.PitReport;
import qsl.perf.results.JsonReader;
import qsl.perf.results.ResultsFile;
import qsl.perf.results.RunMetadata;

/**
 * {@code qsl mutation [module...]}: mutation testing with PIT through the root pom's
 * {@code mutation} profile, one module at a time, and {@code results/mutation.json} with the
 * score of every class. Entries of modules not run this time are kept from the existing file
 * (each module's entry carries the commit, date and command that produced it), so modules can be
 * measured separately and the file still lists them all.
 */
@Command(name = "mutation", mixinStandardHelpOptions = true,
        description = "PIT mutation testing of one or more modules (default: offheap book); merges per-class scores into results/mutation.json.")
final class MutationCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODULE", arity = "0..*", description = "Maven modules to mutate (default: offheap book).")
    List<String> modules = new ArrayList<>();

    @Option(names = "--tries", defaultValue = "50", description = "jqwik tries per property in the mutant runs (default ${DEFAULT-VALUE}).")
    int tries;

    @Option(names = "--results", defaultValue = "${sys:qsl.results:-results}", paramLabel = "DIR",
            description = "Directory for mutation.json (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--report-only", description = "Do not run PIT: rebuild the entries from the modules' last reports.")
    boolean reportOnly;

    @Option(names = "--classes", paramLabel = "GLOB",
            description = "Mutate only these classes (PIT glob, e.g. 'qsl.offheap.SlotPool*'): a partial run for iterating on "
                    + "one class; it prints the scores and surviving mutants and leaves results/mutation.json alone.")
    String classes;

    @Option(names = "--tests", paramLabel = "GLOB",
            description = "Run only these tests against the mutants (PIT glob); a partial run like --classes.")
    String tests;

    @Option(names = "--timeout", defaultValue = "4000", paramLabel = "MS",
            description = "PIT's timeoutConstant: a mutant running longer than 1.25 x the normal time plus this is "
                    + "TIMED_OUT (detected) (default ${DEFAULT-VALUE}).")
    int timeoutMs;

    /** Build output suffix of the PIT runs, so they never share target/ with a concurrent build. */
    static final String OUT = "-mutation";

    @Option(names = "--out", defaultValue = OUT, paramLabel = "SUFFIX",
            description = "Build output suffix (target<SUFFIX>/) of the PIT runs (default ${DEFAULT-VALUE}); give two "
                    + "concurrent runs different ones, since a module's upstream modules are rebuilt there too.")
    String out;

    @Override
    public Integer call() throws Exception {
        if (modules.isEmpty()) modules = List.of("offheap", "book");
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        int failures = 0;
        for (String module : modules) {
            if (!Files.isRegularFile(Path.of(module, "pom.xml"))) {
                System.err.println("qsl mutation: no module '" + module + "' here (run from the repository root)");
                return 2;
            }
            String command = RunMetadata.command("./qsl mutation " + module);
            if (!reportOnly) {
                int rc = runPit(module);
                if (rc != 0) {
                    System.err.println("qsl mutation: PIT failed on " + module + " (exit " + rc + ")");
                    failures++;
                    continue;
                }
            }
            Path xml = Path.of(module, "target" + out, "pit-reports", "mutations.xml");
            if (!Files.isRegularFile(xml)) {
                System.err.println("qsl mutation: no report at " + xml);
                failures++;
                continue;
            }
            PitReport report = PitReport.read(xml);
            if (!partial()) entries.put(module, entry(module, report, command));
            System.out.printf("%s: %d mutants, %d detected (%.1f%%)%n", module, report.mutants(), report.detected(),
                    report.mutants() == 0 ? 100.0 : 100.0 * report.detected() / report.mutants());
            report.classes().forEach((cls, c) -> System.out.printf("  %-60s %5.1f%%  (%d/%d, %d survived, %d no coverage)%n",
                    cls, c.scorePercent(), c.detected(), c.mutants, c.survived, c.noCoverage));
            if (partial()) {
                for (PitReport.Survivor sv : report.survivors())
                    System.out.printf("    %s %s.%s:%d %s: %s%n", sv.status(), sv.className(), sv.method(), sv.line(),
                            sv.mutator(), sv.description());
            }
        }
        if (partial()) {
            System.out.println("mutation: partial run (--classes/--tests): results/mutation.json not written");
            return failures == 0 ? 0 : 1;
        }
        if (!entries.isEmpty()) {
            Path json = write(resultsDir, entries, RunMetadata.command("./qsl mutation " + String.join(" ", modules)));
            System.out.println("mutation: wrote " + json);
        }
        return failures == 0 ? 0 : 1;
    }

    private int runPit(String module) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-P", "mutation", "-pl", module, "-am",
                "test-compile", "org.pitest:pitest-maven:mutationCoverage",
                "-Dqsl.out=" + out,
                "-Dqsl.mutation.targets=" + (classes != null ? classes : targets(module)),
                "-Dqsl.mutation.tests=" + (tests != null ? tests : "qsl.*"),
                "-Dqsl.mutation.timeout=" + timeoutMs,
                "-Dqsl.mutation.tries=" + tries));
        System.err.println("qsl mutation: " + String.join(" ", cmd));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        return p.waitFor();
    }

    /** A run narrowed to some classes or tests: its scores are not a module's and are not written. */
    boolean partial() {
        return classes != null || tests != null;
    }

    /** The classes PIT mutates in {@code module}: its own package (upstream modules then find nothing to mutate). */
    static String targets(String module) {
        return switch (module) {
            case "numa-study" -> "qsl.numa.*";
            default -> "qsl." + module.replace("-", "") + ".*";
        };
    }

    static Map<String, Object> entry(String module, PitReport report, String command) {
        Map<String, Object> meta = RunMetadata.collect(command);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("command", command);
        e.put("commit", meta.get("commit"));
        e.put("dirty", meta.get("dirty"));
        e.put("date", meta.get("date"));
        e.put("mutants", report.mutants());
        e.put("detected", report.detected());
        e.put("score_pct", report.mutants() == 0 ? 100.0 : round1(100.0 * report.detected() / report.mutants()));
        Map<String, Object> classes = new LinkedHashMap<>();
        report.classes().forEach((cls, c) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("mutants", c.mutants);
            row.put("killed", c.killed);
            row.put("timed_out", c.timedOut);
            row.put("survived", c.survived);
            row.put("no_coverage", c.noCoverage);
            row.put("score_pct", round1(c.scorePercent()));
            classes.put(cls, row);
        });
        e.put("classes", classes);
        List<Object> survivors = new ArrayList<>();
        for (PitReport.Survivor s : report.survivors()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("class", s.className());
            row.put("method", s.method());
            row.put("line", s.line());
            row.put("mutator", s.mutator());
            row.put("description", s.description());
            row.put("status", s.status());
            survivors.add(row);
        }
        e.put("survivors", survivors);
        return e;
    }

    private static double round1(double v) {
        return Math.floor(v * 10.0) / 10.0; // never rounds a score up
    }

    /**
     * Writes {@code dir/mutation.json}: the entries of this run replace those of the same modules,
     * entries of other modules are kept as they were.
     */
    static Path write(Path dir, Map<String, Map<String, Object>> fresh, String command) throws IOException {
        Map<String, Object> modules = new LinkedHashMap<>();
        Path existing = dir.resolve("mutation.json");
        if (Files.isRegularFile(existing)
                && JsonReader.parse(Files.readString(existing, StandardCharsets.UTF_8)) instanceof JsonReader.Parsed.Success ok
                && ok.value() instanceof Map<?, ?> root && root.get("modules") instanceof Map<?, ?> old) {
            old.forEach((k, v) -> modules.put(String.valueOf(k), plain(v)));
        }
        modules.putAll(fresh);
        Map<String, Object> sorted = new java.util.TreeMap<>(modules);
        ResultsFile r = ResultsFile.create("mutation", "Mutation testing (PIT 1.30.2): score per class", command)
                .evidence("measured: PIT 1.30.2 with pitest-junit5-plugin 1.2.3, default mutators, jqwik tries lowered "
                        + "in the mutant runs; each module's entry names the commit and command that produced it "
                        + "(entries of modules not re-run are kept from earlier runs)");
        sorted.forEach((module, v) -> {
            if (!(v instanceof Map<?, ?> e)) return;
            r.figure("score_pct_" + module, number(e.get("score_pct")));
            r.figure("mutants_" + module, number(e.get("mutants")));
            if (e.get("classes") instanceof Map<?, ?> classes) {
                classes.forEach((cls, row) -> {
                    if (row instanceof Map<?, ?> m) r.figure("score_pct_" + cls, number(m.get("score_pct")));
                });
            }
        });
        r.section("modules", sorted);
        r.note("Score = mutants detected (killed, timed out, memory/run error) / all mutants, per top-level class "
                + "(nested classes count towards their outer class), rounded down to 0.1%.");
        r.note("Surviving mutants judged equivalent are listed with the reason in docs/testing.md.");
        return r.write(dir);
    }

    /**
     * A parsed JSON value as the writer's plain types: {@link JsonReader.JsonNumber} back to a
     * {@code Long} or {@code Double} (the writer would quote it as a string), maps and lists copied.
     */
    static Object plain(Object v) {
        if (v instanceof JsonReader.JsonNumber n) {
            String s = n.literal();
            return s.contains(".") || s.contains("e") || s.contains("E") ? (Object) n.doubleValue() : (Object) Long.parseLong(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(plain(x));
            return out;
        }
        return v;
    }

    private static double number(Object o) {
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof JsonReader.JsonNumber j) return j.doubleValue();
        return Double.NaN;
    }
}
