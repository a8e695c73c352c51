package qsl.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.app.crash.CrashHarness;
import qsl.app.crash.CrashResults;
import qsl.app.crash.Platter;
import qsl.perf.results.RunMetadata;
import qsl.wal.DurabilityMode;

@Command(name = "crash-test", mixinStandardHelpOptions = true,
        description = "Crash-recovery harness: child JVMs killed at random points (SIGKILL), simulated power loss past "
                + "the durable point, then recovered and checked. Writes results/crash_recovery.json (merged per mode).")
final class CrashTestCommand implements Callable<Integer> {

    @Option(names = "--trials", defaultValue = "100", description = "Trials to run (default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--mode", required = true, description = "Durability mode: sync, batch or none.")
    String mode;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload, kill times and damage (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--kill-window-ms", defaultValue = "300", description = "Kill uniformly within this many ms after the child is ready (default ${DEFAULT-VALUE}).")
    int killWindow;

    @Option(names = "--plant", defaultValue = "none",
            description = "Plant a fault the harness must catch: nosync (file syncs make no system call), no-dir-sync "
                    + "(directory syncs make none), early-ack (acknowledge before the append). Stops at the first trial "
                    + "that catches it; exit 1 = caught. Default none.")
    String plant;

    @Option(names = "--parallel", defaultValue = "1", description = "Trials run at once (default ${DEFAULT-VALUE}); each trial has its own seeded randomness, split off up front.")
    int parallel;

    @Option(names = "--max-minutes", defaultValue = "0",
            description = "Start no trial after this many minutes (0: no limit); the results count the trials run.")
    int maxMinutes;

    @Option(names = "--results", defaultValue = "results", description = "Results directory (default ${DEFAULT-VALUE}).")
    Path results;

    @Override
    public Integer call() throws Exception {
        DurabilityMode m = DurabilityMode.parse(mode);
        if (m == null) {
            System.err.println("qsl crash-test: --mode must be sync, batch or none, not '" + mode + "'");
            return 2;
        }
        Platter.Plant planted = switch (plant.toLowerCase(Locale.ROOT)) {
            case "none" -> Platter.Plant.NONE;
            case "nosync", "no-sync" -> Platter.Plant.NO_SYNC;
            case "no-dir-sync", "no-dirsync" -> Platter.Plant.NO_DIR_SYNC;
            case "early-ack" -> Platter.Plant.EARLY_ACK;
            default -> null;
        };
        if (planted == null) {
            System.err.println("qsl crash-test: --plant must be none, nosync, no-dir-sync or early-ack, not '" + plant + "'");
            return 2;
        }
        if (trials < 1) {
            System.err.println("qsl crash-test: --trials must be at least 1");
            return 2;
        }
        Path work = Files.createTempDirectory("qsl-crash-");
        boolean tty = System.console() != null;
        boolean isPlant = planted != Platter.Plant.NONE;
        CrashHarness.Summary s = CrashHarness.run(new CrashHarness.Options(m, trials, seed, killWindow, work, planted, isPlant, parallel,
                maxMinutes > 0 ? System.nanoTime() + maxMinutes * 60_000_000_000L : Long.MAX_VALUE), p -> {
            String line = String.format(Locale.ROOT, "trial %d/%d  acked %d  lost %d  corrupt %d  repaired %d  (%.0f ms/trial)",
                    p.trials, trials, p.ackedRecords, p.ackedLost, p.corruptAccepted, p.tornTailsRepaired, p.millisPerTrial());
            if (tty) {
                System.out.print("\r" + line + "   ");
            } else if (p.trials % Math.max(1, Math.min(25, trials / 20)) == 0 || p.trials == trials) {
                System.out.println(line);
            }
            System.out.flush();
        });
        if (tty) System.out.println();
        Files.deleteIfExists(work.resolve("child.jsa"));
        Files.deleteIfExists(work);
        Path json = CrashResults.write(results, s, seed,
                RunMetadata.command("./qsl crash-test --trials " + trials + " --mode " + m.label() + " --seed " + seed
                        + (parallel > 1 ? " --parallel " + parallel : "") + (maxMinutes > 0 ? " --max-minutes " + maxMinutes : "")
                        + (isPlant ? " --plant " + plant : "")), isPlant ? planted : null);
        System.out.printf(Locale.ROOT, "mode %s: %d trials, %d acked records, acked_lost %d, corrupt_accepted %d, "
                        + "digest_mismatches %d, torn_tails_repaired %d, corrupt_detected %d (salvaged %d), unrecoverable %d, "
                        + "child_failures %d, %.0f ms/trial%n",
                m.label(), s.trials, s.ackedRecords, s.ackedLost, s.corruptAccepted, s.digestMismatches, s.tornTailsRepaired,
                s.corruptDetected, s.salvaged, s.unrecoverable, s.childFailures, s.millisPerTrial());
        System.out.println("kills by kind: " + s.kills + (s.notReached.isEmpty() ? "" : "; targeted points not reached: " + s.notReached)
                + "; child exit statuses: " + s.exitStatuses);
        if (!s.firstFailure.isEmpty()) System.out.println("first failure: " + s.firstFailure);
        System.out.println("results: " + json);
        if (isPlant && s.passed()) System.out.println("NOT CAUGHT: the planted fault '" + plant + "' passed " + s.trials + " trials");
        if (!s.passed()) {
            System.out.println(isPlant
                    ? "FAILED (as it must): the planted fault '" + plant + "' was caught at trial " + s.firstFailedTrial
                    : "FAILED: the " + m.label() + " mode did not keep its promise");
            return 1;
        }
        return 0;
    }
}
