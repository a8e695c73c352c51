package qsl.app.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        "child_failures", "recovered_records", "snapshots_used", "trials_losing_acks", "loss_reported", "names_at_kill",
        "pages_dropped", "pages_kept"};

    private CrashResults() {}

    static Map<String, Object> row(CrashHarness.Summary s, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        long[] v = {s.trials, s.ackedRecords, s.ackedLost, s.corruptAccepted, s.digestMismatches, s.tornTailsRepaired,
            s.corruptDetected, s.salvaged, s.repairNotClean, s.unrecoverable, s.childFailures, s.recoveredRecords,
            s.snapshotsUsed, s.trialsLosingAcks, s.lossReported, s.namesAtKill, s.pagesDropped, s.pagesKept};
        for (int i = 0; i < KEYS.length; i++) m.put(KEYS[i], v[i]);
        m.put("ms_per_trial", Math.round(s.millisPerTrial() * 10) / 10.0);
        m.put("seed", seed);
        m.put("passed", s.passed());
        Map<String, Object> kills = new LinkedHashMap<>();
        for (Platter.KillPoint k : Platter.KillPoint.values()) kills.put(k.label(), s.kills.getOrDefault(k, 0));
        m.put("kills_by_kind", kills);
        Map<String, Object> notReached = new LinkedHashMap<>();
        for (Platter.KillPoint k : Platter.KillPoint.values()) {
            if (s.notReached.containsKey(k)) notReached.put(k.label(), s.notReached.get(k));
        }
        m.put("targeted_not_reached", notReached);
        Map<String, Object> exits = new LinkedHashMap<>();
        s.exitStatuses.forEach((k, n) -> exits.put(Integer.toString(k), n));
        m.put("child_exit_statuses", exits);
        if (!s.firstFailure.isEmpty()) m.put("first_failure", s.firstFailure);
        if (!s.childErrors.isEmpty()) m.put("child_errors", List.copyOf(s.childErrors));
        return m;
    }

    /** Merges this run's mode into the existing file and writes it. Returns the JSON path. */
    public static Path write(Path dir, CrashHarness.Summary s, long seed, String command) throws IOException {
        return write(dir, s, seed, command, null);
    }

    /**
     * Merges a run into the file: a normal run replaces its mode's row; a planted run
     * ({@code plant} non-null) replaces that plant's entry in the {@code planted} section.
     */
    public static Path write(Path dir, CrashHarness.Summary s, long seed, String command, Platter.Plant plant) throws IOException {
        Map<String, Object> perMode = new LinkedHashMap<>();
        Map<String, Object> planted = new LinkedHashMap<>();
        Path json = dir.resolve(NAME + ".json");
        if (Files.exists(json)) {
            JsonReader.Parsed parsed = JsonReader.parse(Files.readString(json, StandardCharsets.UTF_8));
            if (parsed instanceof JsonReader.Parsed.Success ok && ok.value() instanceof Map<?, ?> root) {
                if (root.get("per_mode") instanceof Map<?, ?> old) {
                    for (DurabilityMode m : DurabilityMode.values()) {
                        // Rows from before the platter model (no kills_by_kind) are not this harness's: dropped.
                        if (old.get(m.label()) instanceof Map<?, ?> row && row.containsKey("kills_by_kind")) perMode.put(m.label(), plain(row));
                    }
                }
                if (root.get("planted") instanceof Map<?, ?> old) old.forEach((k, v) -> planted.put(String.valueOf(k), plain(v)));
            }
        }
        if (plant == null) {
            perMode.put(s.mode.label(), row(s, seed));
        } else {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("mode", s.mode.label());
            e.put("detected", !s.passed());
            e.put("detected_at_trial", s.firstFailedTrial);
            e.put("trials_run", s.trials);
            e.put("how", s.firstFailure);
            e.put("seed", seed);
            e.put("command", command);
            planted.put(plantKey(plant), e);
        }
        ResultsFile f = ResultsFile.create(NAME, "Crash recovery: SIGKILLed writers, simulated power loss, recovery checked",
                command).evidence("measured; the power loss is simulated from the system calls made (no real power cut on this host), "
                + "a disk whose flush lies is not modelled; other builds and tests were running on this 2-core host during the trials");
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
        for (Map.Entry<String, Object> e : planted.entrySet()) {
            Map<?, ?> row = (Map<?, ?>) e.getValue();
            f.figure("planted_" + e.getKey() + "_detected", Boolean.TRUE.equals(row.get("detected")) ? 1L : 0L);
            f.figure("planted_" + e.getKey() + "_detected_at_trial", number(row.get("detected_at_trial")));
        }
        if (!planted.isEmpty()) f.section("planted", planted);
        f.meta("modes", String.join(",", ordered.keySet()));
        f.note("Each trial: a child JVM runs the journaled engine (qsl.journal.JournaledEngine) on a seeded MULTI_SYMBOL "
                + "workload with a platter hook on its file system calls; the parent SIGKILLs it (through the process "
                + "handle, the pipe left open and read to its end; exit status and stderr checked) at a random moment "
                + "or at a targeted point (segment roll, snapshot write, rename, prune), then simulates a power loss "
                + "from the calls really made: each file keeps what its fdatasync/fsync covered plus any subset of its "
                + "unsynced pages, each directory the entries of its last fsync. In a sixth of the trials a second child "
                + "recovers and is killed during its repair, with a second power loss. Then recovery "
                + "(tolerate-corrupted-tail, point-in-time when valid records follow damage) and the checks.");
        f.note("planted_*: runs with a planted fault (file syncs that make no system call; directory syncs that make "
                + "none; acknowledgements sent before the append); detected = the harness failed the run, at the "
                + "0-based trial given.");
        f.note("acked_lost must be 0 for sync and batch; for none it counts acknowledged records a power loss took "
                + "(the mode promises only the page cache).");
        f.note("corrupt_accepted counts recovered records that differ from the command written at that sequence; "
                + "digest_mismatches counts recovered states whose digest differs from a fresh replay of the recovered prefix.");
        return f.write(dir);
    }

    static String plantKey(Platter.Plant p) {
        return switch (p) {
            case NO_SYNC -> "nosync";
            case NO_DIR_SYNC -> "no_dirsync";
            case EARLY_ACK -> "early_ack";
            case NONE -> "none";
        };
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
