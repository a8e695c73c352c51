package qsl.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.cluster.ClusterDemo;
import qsl.perf.results.JsonReader;
import qsl.perf.results.ResultsFile;
import qsl.perf.results.RunMetadata;

/**
 * {@code qsl cluster-demo}: three cluster members as child JVMs on loopback and this JVM as the
 * gateway with simulated trading sessions; the leader is SIGKILLed under load (as often as
 * {@code --kills} says), a new leader takes over, the old one is restarted and catches up. Prints
 * the failover times, how many acknowledged commands were checked against the cluster's state
 * (all of them) and the members' digests. With {@code --results} it also measures round trips at
 * fixed offered rates, three members against a single member, and writes
 * {@code results/cluster.json}. Exit status 1 when a check fails. See {@code docs/cluster.md}.
 */
@Command(name = "cluster-demo", mixinStandardHelpOptions = true,
        description = "Three-member cluster on loopback: SIGKILL the leader under load, fail over, restart, check every ack and the digests.")
final class ClusterDemoCommand implements Callable<Integer> {
    @Option(names = "--kills", defaultValue = "1", description = "Leader kills (default ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--sessions", defaultValue = "8", description = "Simulated trading sessions (default ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--rate", defaultValue = "2000", description = "Offered commands per second during the kills (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--port-base", defaultValue = "24000", description = "First UDP port; members use 10 each (default ${DEFAULT-VALUE}).")
    int portBase;

    @Option(names = "--park-us", defaultValue = "1000", description = "Longest idle park of every Aeron agent, microseconds (default ${DEFAULT-VALUE}).")
    long parkMicros;

    @Option(names = "--results", description = "Also measure fixed offered rates (3 members vs 1) and write results/cluster.json.")
    boolean results;

    @Option(names = "--keep", description = "Keep the data directory (members' data and member-N.log, their stderr) instead of deleting it.")
    boolean keep;

    @Option(names = "--no-rates", description = "With --results: skip the fixed-rate runs and keep those already in the file.")
    boolean noRates;

    @Option(names = "--rates", defaultValue = "1000,5000,10000", split = ",",
            description = "Offered rates for --results, commands/s (default ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--rate-seconds", defaultValue = "10", description = "Measured seconds per offered rate (default ${DEFAULT-VALUE}).")
    double rateSeconds;

    @Option(names = "--warm-seconds", defaultValue = "10", description = "With --results: unmeasured load at the highest rate before the measured runs of each system (default ${DEFAULT-VALUE}).")
    double warmSeconds;

    private int maxRate() {
        return rates.stream().mapToInt(Integer::intValue).max().orElse(rate);
    }

    @Option(names = "--node-port", defaultValue = "24300", description = "With --results: port of the single-machine node measured for comparison (default ${DEFAULT-VALUE}).")
    int nodePort;

    @Option(names = "--results-dir", defaultValue = "results", paramLabel = "DIR", description = "Where --results writes (default ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--verbose", description = "Echo the members' output.")
    boolean verbose;

    @Option(names = "--engine-only", description = "The engine-only members (qsl node --cluster-engine-only) driven by this JVM as a cluster"
            + " client, instead of three clustered nodes driven through their SoupBinTCP gateways.")
    boolean engineOnly;

    @Option(names = "--node-sessions", defaultValue = "16", description = "Clustered nodes: simulated SoupBinTCP sessions (default ${DEFAULT-VALUE}).")
    int nodeSessions;

    @Option(names = "--snapshot-every", defaultValue = "20000", description = "Clustered nodes: committed commands between snapshots (default ${DEFAULT-VALUE}).")
    long snapshotEvery;

    @Option(names = "--store-mb", defaultValue = "64", description = "Clustered nodes: MiB of each session's output store (default ${DEFAULT-VALUE}).")
    long storeMb;

    @Override
    public Integer call() throws Exception {
        if (kills < 0 || sessions < 1 || rate < 1) {
            System.err.println("qsl cluster-demo: --kills >= 0, --sessions >= 1, --rate >= 1");
            return 2;
        }
        Path dir = ClusterDemo.scratch("qsl-cluster-demo");
        if (keep) System.out.println("qsl cluster-demo: --keep: " + dir + " stays");
        if (!engineOnly) {
            Thread cleanup = new Thread(() -> { if (!keep) ClusterDemo.deleteTree(dir); });
            Runtime.getRuntime().addShutdownHook(cleanup);
            try {
                return nodes(dir);
            } finally {
                if (!keep) ClusterDemo.deleteTree(dir);
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
        boolean ok = true;
        List<ClusterDemo.Kill> done = new ArrayList<>();
        List<ClusterDemo.RateRun> runs = new ArrayList<>();
        long checked = 0;
        long acked;
        long duplicates;
        long missing;
        long mismatched;
        Thread cleanup = new Thread(() -> ClusterDemo.deleteTree(dir));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            System.out.printf("qsl cluster-demo: 3 members (child JVMs) on 127.0.0.1 ports %d.., data under %s%n", portBase, dir);
            try (ClusterDemo demo = new ClusterDemo(new ClusterDemo.Settings(3, sessions, rate, portBase, dir.resolve("three"),
                    parkMicros, System.out, verbose))) {
                demo.start();
                for (int k = 0; k < kills; k++) {
                    ClusterDemo.Kill kill = demo.killLeader(1_000);
                    done.add(kill);
                    ok &= kill.allAcksFound() && kill.digestsEqual() && kill.restartedCaughtUp() && kill.killed() != kill.newLeader();
                }
                ok &= demo.finalCheck();
                acked = demo.traders().acked();
                if (results && !noRates) {
                    demo.warm(maxRate(), warmSeconds);
                    for (int r : rates) runs.add(demo.rateRun(r, rateSeconds));
                    ok &= demo.finalCheck();
                    acked = demo.traders().acked();
                }
                checked = demo.traders().checkedAcks();
                duplicates = demo.traders().duplicates();
                missing = demo.traders().missingAcks();
                mismatched = demo.traders().mismatchedChecks();
            }
            if (results && !noRates) {
                try (ClusterDemo single = new ClusterDemo(new ClusterDemo.Settings(1, sessions, rate, portBase + 100,
                        dir.resolve("single"), parkMicros, System.out, verbose))) {
                    single.start();
                    single.warm(maxRate(), warmSeconds);
                    for (int r : rates) runs.add(single.rateRun(r, rateSeconds));
                    ok &= single.finalCheck();
                }
                runs.addAll(NodeRateRun.run(dir.resolve("node"), nodePort, rates, rateSeconds, maxRate(), warmSeconds, System.out));
            }
            if (!done.isEmpty()) {
                long[] f = done.stream().mapToLong(ClusterDemo.Kill::failoverNs).sorted().toArray();
                System.out.printf(Locale.ROOT, "failover (SIGKILL of the leader to the first ack through the new leader) over %d kills:"
                        + " min %.1f ms, p50 %.1f ms, max %.1f ms%n", f.length, f[0] / 1e6, f[(f.length - 1) / 2] / 1e6, f[f.length - 1] / 1e6);
            }
            if (results) write(done, runs, acked, checked, duplicates, missing, mismatched, sessions);
        } finally {
            ClusterDemo.deleteTree(dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        System.out.println(ok ? "cluster-demo: OK" : "cluster-demo: FAILED");
        return ok ? 0 : 1;
    }

    /**
     * The clustered nodes: three {@code qsl node --cluster} child JVMs, simulated SoupBinTCP
     * sessions, the leader SIGKILLed {@code --kills} times; with {@code --results}, fixed offered
     * rates through the leader's gateway against the single-machine node, and results/cluster.json.
     */
    private int nodes(Path dir) throws Exception {
        boolean ok = true;
        List<qsl.cluster.NodeClusterDemo.Kill> done = new ArrayList<>();
        List<ClusterDemo.RateRun> runs = new ArrayList<>();
        List<qsl.cluster.NodeClusterDemo.Check> checks;
        boolean[] equal = {false};
        long sent;
        long acked;
        long duplicateAnswers;
        long gaps;
        long[] unanswered;
        long[] fixCounts;
        System.out.printf("qsl cluster-demo: 3 clustered nodes (qsl node --cluster, child JVMs) on 127.0.0.1, cluster ports %d..,"
                + " data under %s%n", portBase, dir);
        try (qsl.cluster.NodeClusterDemo demo = new qsl.cluster.NodeClusterDemo(new qsl.cluster.NodeClusterDemo.Settings(nodeSessions, rate,
                portBase, dir.resolve("nodes"), parkMicros, snapshotEvery, storeMb, System.out, verbose))) {
            demo.start();
            for (int k = 0; k < kills; k++) {
                qsl.cluster.NodeClusterDemo.Kill kill = demo.killLeader(1_000);
                done.add(kill);
                ok &= kill.check().ok() && kill.digestsEqual() && kill.killed() != kill.newLeader();
            }
            checks = demo.finalCheck(equal);
            for (qsl.cluster.NodeClusterDemo.Check c : checks) ok &= c.ok();
            ok &= equal[0] && demo.duplicateAnswers() == 0 && demo.gaps() == 0;
            sent = demo.sent();
            acked = demo.acked();
            duplicateAnswers = demo.duplicateAnswers();
            gaps = demo.gaps();
            unanswered = demo.unanswered();
            fixCounts = demo.fixCounts();
            ok &= fixCounts[3] == 0 && fixCounts[4] == 0;
            if (results && !noRates) {
                int leader = demo.leader();
                runs.addAll(NodeRateRun.measure(demo.port(leader), qsl.cluster.NodeClusterDemo.measuringUser(), "demo", rates, rateSeconds,
                        maxRate(), warmSeconds, 3, "clustered node (leader " + leader + "'s SoupBinTCP gateway)", System.out));
            }
        }
        if (results && !noRates) {
            runs.addAll(NodeRateRun.run(dir.resolve("node"), nodePort, rates, rateSeconds, maxRate(), warmSeconds, System.out));
        }
        long[] f = done.stream().mapToLong(qsl.cluster.NodeClusterDemo.Kill::failoverNs).sorted().toArray();
        if (f.length > 0) {
            System.out.printf(Locale.ROOT, "failover (SIGKILL of the leader's JVM to the first ack of an order sent after it) over %d kills:"
                    + " min %.1f ms, p50 %.1f ms, max %.1f ms%n", f.length, f[0] / 1e6, f[(f.length - 1) / 2] / 1e6, f[f.length - 1] / 1e6);
        }
        if (results) {
            String command = RunMetadata.command("./qsl cluster-demo --kills " + kills + " --results" + (noRates ? " --no-rates" : ""));
            Map<String, Object> runMeta = RunMetadata.collect(command);
            Map<String, Map<String, Object>> measured = new LinkedHashMap<>();
            if (f.length > 0) {
                Map<String, Object> sec = section(command, runMeta);
                sec.put("offered_per_s", rate);
                sec.put("sessions", nodeSessions);
                sec.put("snapshot_every", snapshotEvery);
                Map<String, Object> fig = new LinkedHashMap<>();
                fig.put("soup_kills", (long) f.length);
                fig.put("soup_failover_min_ms", f[0] / 1e6);
                fig.put("soup_failover_p50_ms", f[(f.length - 1) / 2] / 1e6);
                fig.put("soup_failover_max_ms", f[f.length - 1] / 1e6);
                fig.put("soup_orders_sent", sent);
                fig.put("soup_acked_orders", acked);
                fig.put("soup_unanswered_sent_to_a_killed_node", unanswered[0]);
                fig.put("soup_unanswered_sent_to_a_surviving_node", unanswered[1]);
                fig.put("soup_acked_checked_per_node", checks.stream().mapToLong(qsl.cluster.NodeClusterDemo.Check::found).min().orElse(0));
                fig.put("soup_acked_lost", checks.stream().mapToLong(qsl.cluster.NodeClusterDemo.Check::missing).sum()
                        + done.stream().mapToLong(k -> k.check().missing()).sum());
                fig.put("soup_acked_answered_twice", checks.stream().mapToLong(qsl.cluster.NodeClusterDemo.Check::duplicated).sum()
                        + done.stream().mapToLong(k -> k.check().duplicated()).sum() + duplicateAnswers);
                fig.put("soup_stream_mismatches", checks.stream().mapToLong(qsl.cluster.NodeClusterDemo.Check::streamMismatches).sum()
                        + done.stream().mapToLong(k -> k.check().streamMismatches()).sum());
                fig.put("soup_sequence_gaps", gaps);
                fig.put("soup_digest_mismatches", done.stream().filter(k -> !k.digestsEqual()).count() + (equal[0] ? 0 : 1));
                fig.put("soup_restarts_from_snapshot", done.stream().filter(qsl.cluster.NodeClusterDemo.Kill::restartedFromSnapshot).count());
                fig.put("fix_offered_per_s", (long) qsl.cluster.NodeClusterDemo.FIX_RATE);
                fig.put("fix_orders_sent", fixCounts[0]);
                fig.put("fix_acked_orders", fixCounts[1]);
                fig.put("fix_rejected_orders", fixCounts[2]);
                fig.put("fix_unanswered_orders", fixCounts[3]);
                fig.put("fix_reports_received_twice", fixCounts[4]);
                fig.put("fix_acked_checked_per_node", checks.stream().mapToLong(c -> c.fix().found()).min().orElse(0));
                fig.put("fix_acked_lost", checks.stream().mapToLong(c -> c.fix().missing()).sum()
                        + done.stream().mapToLong(k -> k.check().fix().missing()).sum());
                fig.put("fix_acked_accepted_twice", checks.stream().mapToLong(c -> c.fix().duplicated()).sum()
                        + done.stream().mapToLong(k -> k.check().fix().duplicated()).sum());
                sec.put("figures", fig);
                List<Object> rows = new ArrayList<>();
                for (qsl.cluster.NodeClusterDemo.Kill k : done) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("killed", k.killed());
                    row.put("new_leader", k.newLeader());
                    row.put("failover_ms", k.failoverNs() / 1e6);
                    row.put("restarted_from_snapshot", k.restartedFromSnapshot());
                    row.put("acked_checked_at_restarted", k.check().found());
                    row.put("acked_at_check", k.check().acked());
                    row.put("fix_acked_checked_at_restarted", k.check().fix().found());
                    row.put("check_ok", k.check().ok());
                    row.put("digests_equal", k.digestsEqual());
                    row.put("digest", k.digest());
                    row.put("restart_to_digest_ms", k.catchUpNs() / 1e6);
                    rows.add(row);
                }
                sec.put("kills", rows);
                measured.put("node_failover", sec);
            }
            if (!runs.isEmpty()) {
                Map<String, Object> sec = section(command, runMeta);
                sec.put("seconds_per_rate", rateSeconds);
                sec.put("warm_seconds", warmSeconds);
                Map<String, Object> fig = new LinkedHashMap<>();
                Map<String, Object> rat = new LinkedHashMap<>();
                List<Object> rows = new ArrayList<>();
                for (ClusterDemo.RateRun r : runs) {
                    String system = r.members() == 0 ? "single_node" : "clustered_node";
                    rows.add(rateRow(fig, "soup_" + system + "_" + r.offeredRate(), system, r));
                }
                for (ClusterDemo.RateRun c : runs) {
                    if (c.members() != 3 || c.p99Ns() <= 0) continue;
                    for (ClusterDemo.RateRun n : runs) {
                        if (n.members() == 0 && n.offeredRate() == c.offeredRate()) {
                            rat.put("soup_p99_single_node_over_clustered_node_" + c.offeredRate(), (double) n.p99Ns() / c.p99Ns());
                        }
                    }
                }
                sec.put("figures", fig);
                sec.put("ratios", rat);
                sec.put("runs", rows);
                measured.put("node_rates", sec);
            }
            writeSections(command, measured);
        }
        System.out.println(ok ? "cluster-demo: OK" : "cluster-demo: FAILED");
        return ok ? 0 : 1;
    }

    private Map<String, Object> section(String command, Map<String, Object> runMeta) {
        Map<String, Object> sec = new LinkedHashMap<>();
        sec.put("command", command);
        sec.put("commit", runMeta.get("commit"));
        sec.put("dirty", runMeta.get("dirty"));
        sec.put("date", runMeta.get("date"));
        sec.put("park_us", parkMicros);
        return sec;
    }

    /**
     * Writes results/cluster.json. The failover part (kills) and the rates part are separate runs
     * when one of them is absent from this run: the absent part is kept from the existing file,
     * with the command that measured it.
     */
    private void write(List<ClusterDemo.Kill> done, List<ClusterDemo.RateRun> runs, long acked, long checked, long duplicates,
                       long missing, long mismatched, int sessions) throws Exception {
        String command = RunMetadata.command("./qsl cluster-demo --engine-only --kills " + kills + " --results" + (noRates ? " --no-rates" : ""));
        Map<String, Object> runMeta = RunMetadata.collect(command);
        Map<String, Object> failover;
        if (!done.isEmpty()) {
            failover = new LinkedHashMap<>();
            failover.put("command", command);
            failover.put("commit", runMeta.get("commit"));
            failover.put("dirty", runMeta.get("dirty"));
            failover.put("date", runMeta.get("date"));
            failover.put("park_us", parkMicros);
            failover.put("offered_per_s", rate);
            failover.put("sessions", sessions);
            failover.put("member_snapshot_every", qsl.cluster.ClusterMemberMain.Options.DEFAULT_SNAPSHOT_EVERY);
            long[] fo = done.stream().mapToLong(ClusterDemo.Kill::failoverNs).sorted().toArray();
            Map<String, Object> fig = new LinkedHashMap<>();
            fig.put("kills", (long) fo.length);
            fig.put("failover_min_ms", fo[0] / 1e6);
            fig.put("failover_p50_ms", fo[(fo.length - 1) / 2] / 1e6);
            fig.put("failover_max_ms", fo[fo.length - 1] / 1e6);
            fig.put("acked_commands", acked);
            fig.put("acked_checked", checked);
            fig.put("acked_lost", missing);
            fig.put("acked_check_mismatches", mismatched);
            fig.put("duplicate_answers_to_resends", duplicates);
            fig.put("digest_mismatches", done.stream().filter(k -> !k.digestsEqual()).count());
            fig.put("restarted_members_behind", done.stream().filter(k -> !k.restartedCaughtUp()).count());
            failover.put("figures", fig);
            List<Object> killRows = new ArrayList<>();
            for (ClusterDemo.Kill k : done) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("killed", k.killed());
                row.put("new_leader", k.newLeader());
                row.put("failover_ms", k.failoverNs() / 1e6);
                row.put("acked_checked", k.checkedAcks());
                row.put("all_acks_found", k.allAcksFound());
                row.put("digests_equal", k.digestsEqual());
                row.put("digest", k.digest());
                row.put("catch_up_ms", k.catchUpNs() / 1e6);
                killRows.add(row);
            }
            failover.put("kills", killRows);
        } else {
            failover = null;
        }
        Map<String, Object> rateSection;
        if (!runs.isEmpty()) {
            rateSection = new LinkedHashMap<>();
            rateSection.put("command", command);
            rateSection.put("commit", runMeta.get("commit"));
            rateSection.put("dirty", runMeta.get("dirty"));
            rateSection.put("date", runMeta.get("date"));
            rateSection.put("park_us", parkMicros);
            rateSection.put("seconds_per_rate", rateSeconds);
            rateSection.put("warm_seconds", warmSeconds);
            rateSection.put("member_snapshot_every", qsl.cluster.ClusterMemberMain.Options.DEFAULT_SNAPSHOT_EVERY);
            Map<String, Object> fig = new LinkedHashMap<>();
            Map<String, Object> rat = new LinkedHashMap<>();
            List<Object> rateRows = new ArrayList<>();
            for (ClusterDemo.RateRun r : runs) {
                String system = r.members() == 0 ? "node" : r.members() == 1 ? "single_member" : "clustered";
                Map<String, Object> row = rateRow(fig, system + "_" + r.offeredRate(), system, r);
                row.put("members", r.members());
                rateRows.add(row);
            }
            fig.put("rates_acked_checked", checked);
            fig.put("rates_acked_lost", missing);
            for (ClusterDemo.RateRun c : runs) {
                if (c.members() != 3) continue;
                for (ClusterDemo.RateRun s1 : runs) {
                    if (s1.offeredRate() != c.offeredRate() || c.p99Ns() <= 0) continue;
                    if (s1.members() == 0) rat.put("p99_node_over_clustered_" + c.offeredRate(), (double) s1.p99Ns() / c.p99Ns());
                    if (s1.members() == 1) {
                        rat.put("p99_single_member_over_clustered_" + c.offeredRate(), (double) s1.p99Ns() / c.p99Ns());
                    }
                }
            }
            rateSection.put("figures", fig);
            rateSection.put("ratios", rat);
            rateSection.put("runs", rateRows);
        } else {
            rateSection = null;
        }
        Map<String, Map<String, Object>> measured = new LinkedHashMap<>();
        if (failover != null) measured.put("failover", failover);
        if (rateSection != null) measured.put("rates", rateSection);
        writeSections(command, measured);
    }

    /** Sections of results/cluster.json, in file order: the clustered nodes' first, then the engine-only members'. */
    private static final List<String> SECTIONS = List.of("node_failover", "node_rates", "failover", "rates");

    /**
     * Writes results/cluster.json with the sections this run measured; every other section (and
     * its figures and ratios) is kept from the existing file, with the command that measured it.
     */
    private void writeSections(String command, Map<String, Map<String, Object>> measured) throws Exception {
        Map<String, Object> old = readOld(resultsDir.resolve("cluster.json"));
        ResultsFile f = ResultsFile.create("cluster", "Aeron Cluster: leader SIGKILLed under load, failover, price of replication", command)
                .evidence("measured on one 2-core host: all members, the gateway(s) and the load share two cores on loopback, so "
                        + "replication costs show CPU contention, not network latency; no separate machines, no real network; "
                        + "other builds may have been running (at lower priority)")
                .meta("members", 3)
                .meta("timings_ms", "heartbeat 100, heartbeat timeout 1000, election timeout 1000, startup canvass 2000");
        for (String name : SECTIONS) {
            Map<String, Object> part = measured.containsKey(name) ? measured.get(name)
                    : old.get(name) instanceof Map<?, ?> m ? cast(m) : null;
            if (part == null) continue;
            if (part.get("figures") instanceof Map<?, ?> fig) fig.forEach((k, v) -> figure(f, String.valueOf(k), v));
            if (part.get("ratios") instanceof Map<?, ?> rat) rat.forEach((k, v) -> f.ratio(String.valueOf(k), ((Number) v).doubleValue()));
            f.meta(name + "_command", part.get("command"));
            f.section(name, part);
        }
        f.note("node_failover and node_rates: three clustered nodes (qsl node --cluster: member plus SoupBinTCP gateway, child JVMs); "
                + "simulated SoupBinTCP sessions spread over the three gateways; the leader's JVM SIGKILLed under load, its sessions "
                + "log in at a surviving member with their next expected sequence number. Failover: from the SIGKILL to the first "
                + "Accepted/Rejected of an order sent after the killed JVM was gone (only a new leader can have committed it). "
                + "Checked: after each kill every session's stream replayed from sequence 1 at the restarted node, and at the end at "
                + "every node, equals what the session received live, with every acknowledged order answered exactly once; "
                + "acked_lost counts acknowledged orders missing from a replay. Rates: one SoupBinTCP session at the leader's "
                + "gateway (Enter Order to Accepted, after the cluster committed) against the single-machine node, same run.");
        f.note("node_failover fix_*: one FIX 4.4 session (QuickFIX/J, user fix1) entering orders through the nodes' FIX ports at "
                + "fix_offered_per_s beside the SoupBinTCP load; when its node dies it reconnects to the next one and logs on with its "
                + "sequence numbers. Every order it saw acknowledged (ExecutionReport New, by OrderID) is looked for among the Accepted "
                + "messages of fix1's node output replayed at the restarted node after each kill and at every node at the end; "
                + "fix_acked_lost counts those missing, fix_acked_accepted_twice those Accepted more than once.");
        f.note("failover and rates: engine-only members (qsl node --cluster-engine-only) with this JVM as the cluster client.");
        f.note("Failover: from the SIGKILL of the leader's JVM to the first acknowledgement the gateway receives from another "
                + "member (only a leader answers). The gateway resends every unacknowledged command to the new leader; the "
                + "engine answers those it already applied as duplicates and does not run them again.");
        f.note("Acknowledged commands checked: after each failover and at the end, every session's applied count, token hash "
                + "and last token in the cluster equal what the gateway saw acknowledged; acked_lost counts acknowledged commands "
                + "a check found missing.");
        f.note("Price of replication, same run, same offered rates: clustered (three members) against a single-member cluster "
                + "(same service, gateway and load; no replication, same Aeron log and archive) and against the single-machine "
                + "node (qsl node, batch durability, one SoupBinTCP session entering buy/sell pairs that trade, round trip from "
                + "Enter Order to Accepted). Ratios p99_X_over_clustered above 1.0 mean the clustered p99 is lower.");
        f.note("Round trip: from the gateway queuing a command to its acknowledgement, at a fixed offered rate paced by the gateway loop; "
                + "each system first runs unmeasured at the highest rate (--warm-seconds), then one unmeasured second before each measured rate.");
        Path json = f.write(resultsDir);
        System.out.println("wrote " + json);
    }

    private static void figure(ResultsFile f, String key, Object v) {
        if (v instanceof Long l) f.figure(key, l.longValue());
        else if (v instanceof Integer i) f.figure(key, (long) i);
        else if (v instanceof Number n) f.figure(key, n.doubleValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    /** The existing results file as plain maps, lists, Longs and Doubles; empty when there is none. */
    private static Map<String, Object> readOld(Path json) throws java.io.IOException {
        if (!java.nio.file.Files.exists(json)) return Map.of();
        JsonReader.Parsed parsed = JsonReader.parse(java.nio.file.Files.readString(json));
        if (parsed instanceof JsonReader.Parsed.Success ok && plain(ok.value()) instanceof Map<?, ?> root) return cast(root);
        return Map.of();
    }

    private static Object plain(Object o) {
        if (o instanceof JsonReader.JsonNumber j) {
            String lit = j.literal();
            return lit.matches("-?[0-9]+") ? (Object) Long.parseLong(lit) : (Object) j.doubleValue();
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(plain(x));
            return out;
        }
        return o;
    }

    /** Puts one rate point's figures under {@code prefix} and returns its table row. */
    private static Map<String, Object> rateRow(Map<String, Object> fig, String prefix, String system, ClusterDemo.RateRun r) {
        fig.put(prefix + "_achieved_per_s", r.achievedRate());
        fig.put(prefix + "_p50_us", r.p50Ns() / 1e3);
        fig.put(prefix + "_p99_us", r.p99Ns() / 1e3);
        fig.put(prefix + "_max_us", r.maxNs() / 1e3);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("system", system);
        row.put("offered_per_s", r.offeredRate());
        row.put("seconds", r.seconds());
        row.put("acks", r.acks());
        row.put("achieved_per_s", r.achievedRate());
        row.put("p50_us", r.p50Ns() / 1e3);
        row.put("p99_us", r.p99Ns() / 1e3);
        row.put("p999_us", r.p999Ns() / 1e3);
        row.put("max_us", r.maxNs() / 1e3);
        return row;
    }
}
