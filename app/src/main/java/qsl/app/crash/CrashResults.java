package qsl.app.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import qsl.perf.results.JsonReader;
import qsl.perf.results.ResultsFile;
import qsl.wal.DurabilityMode;

/**
 * Writes {@code results/crash_recovery.json}: one run covers one mode, and is merged with the
 * modes an earlier run left in the file's {@code per_mode} section, so running sync then batch
 * yields one file covering both.
 */
public final class CrashResults {
    static final String NAME = "crash_recovery";
    static final String[] KEYS = {"trials", "acked_records", "acked_lost", "corrupt_accepted", "digest_mismatches",
        "torn_tails_repaired", "corrupt_detected", "salvaged_point_in_time", "repair_not_clean", "unrecoverable",
        "child_failures", "recovered_records", "snapshots_used", "trials_losing_acks"};

    private CrashResults() {}

    static Map<String, Object> row(CrashHarness.Summary s, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        long[] v = {s.trials, s.ackedRecords, s.ackedLost, s.corruptAccepted, s.digestMismatches, s.tornTailsRepaired,
            s.corruptDetected, s.salvaged, s.repairNotClean, s.unrecoverable, s.childFailures, s.recoveredRecords,
            s.snapshotsUsed, s.trialsLosingAcks};
        for (int i = 0; i < KEYS.length; i++) m.put(KEYS[i], v[i]);
        m.put("ms_per_trial", Math.round(s.millisPerTrial() * 10) / 10.0);
        m.put("seed", seed);
        m.put("passed", s.passed());
        Map<String, Object> models = new LinkedHashMap<>();
        s.models.forEach((k, n) -> models.put(k.name().toLowerCase(java.util.Locale.ROOT), n));
        m.put("power_loss_models", models);
        return m;
    }

    /** Merges this run's mode into the existing file and writes it. Returns the JSON path. */
    public static Path write(Path dir, CrashHarness.Summary s, long seed, String command) throws IOException {
        Map<String, Object> perMode = new LinkedHashMap<>();
        Path json = dir.resolve(NAME + ".json");
        if (Files.exists(json)) {
            JsonReader.Parsed parsed = JsonReader.parse(Files.readString(json, StandardCharsets.UTF_8));
            if (parsed instanceof JsonReader.Parsed.Success ok && ok.value() instanceof Map<?, ?> root
                    && root.get("per_mode") instanceof Map<?, ?> old) {
                for (DurabilityMode m : DurabilityMode.values()) {
                    if (old.get(m.label()) instanceof Map<?, ?> row) perMode.put(m.label(), plain(row));
                }
            }
        }
        perMode.put(s.mode.label(), row(s, seed));
        ResultsFile f = ResultsFile.create(NAME, "Crash recovery: SIGKILLed writers, simulated power loss, recovery checked",
                command).evidence("measured");
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (DurabilityMode m : new DurabilityMode[] {DurabilityMode.SYNC, DurabilityMode.BATCH, DurabilityMode.NONE}) {
            if (perMode.containsKey(m.label())) ordered.put(m.label(), perMode.get(m.label()));
        }
        for (String k : KEYS) {
            long total = 0;
            for (Object row : ordered.values()) total += number(((Map<?, ?>) row).get(k));
            f.figure(k, total);
        }
        for (Map.Entry<String, Object> e : ordered.entrySet()) {
            Map<?, ?> row = (Map<?, ?>) e.getValue();
            for (String k : KEYS) f.figure(k + "_" + e.getKey(), number(row.get(k)));
            f.figure("ms_per_trial_" + e.getKey(), (double) numberD(row.get("ms_per_trial")));
        }
        f.section("per_mode", ordered);
        f.meta("modes", String.join(",", ordered.keySet()));
        f.note("Each trial: a child JVM runs the matching engine on a seeded MULTI_SYMBOL workload, journaling every "
                + "command before applying it; the parent SIGKILLs it at a random moment, then damages what a power "
                + "loss could lose past the last durable record (models: kill only, truncate, zeros, garbage, torn "
                + "half record, lost middle page), recovers (tolerate-corrupted-tail, falling back to point-in-time "
                + "when valid records follow damage) and checks.");
        f.note("acked_lost must be 0 for sync and batch; for none it counts acknowledged records a power loss took "
                + "(the mode promises only the page cache).");
        f.note("corrupt_accepted counts recovered records that differ from the command written at that sequence; "
                + "digest_mismatches counts recovered states whose digest differs from a fresh replay of the recovered prefix.");
        return f.write(dir);
    }

    /** JSON read back to the plain values the writer knows (numbers as Long or Double). */
    private static Object plain(Object o) {
        if (o instanceof JsonReader.JsonNumber j) {
            String lit = j.literal();
            if (lit.matches("-?[0-9]+")) return Long.parseLong(lit);
            return j.doubleValue();
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        return o;
    }

    private static long number(Object o) {
        if (o instanceof Number n) return n.longValue();
        if (o instanceof JsonReader.JsonNumber j) return (long) j.doubleValue();
        return 0;
    }

    private static double numberD(Object o) {
        if (o instanceof Number n) return n.doubleValue();
        if (o instanceof JsonReader.JsonNumber j) return j.doubleValue();
        return 0;
    }
}
