package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The topology reader on this machine's /sys and on a recorded two-socket SMT tree. */
class TopologyTest {

    static Path twoSocketTree() {
        try {
            return Path.of(TopologyTest.class.getResource("/sys-two-socket").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Topology twoSocket() {
        return Topology.read(twoSocketTree()).orElseThrow();
    }

    @Test
    void thisMachineIsParsedAndConsistent() throws IOException {
        TopologyRead read = Topology.readSystem();
        assumeTrue(read instanceof TopologyRead.Found, () -> "no /sys topology on this OS: " + read);
        Topology t = read.orElseThrow();
        CpuSet online = CpuSet.parse(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        assertEquals(online, t.online());
        assertTrue(Runtime.getRuntime().availableProcessors() <= online.size());
        // Cores and L3 groups partition the online CPUs; each CPU is in its own sibling and cache sets.
        assertPartition(online, t.cores());
        assertPartition(online, t.l3Groups());
        CpuSet inNodes = CpuSet.empty();
        for (Topology.Node n : t.nodes()) {
            assertEquals(10, t.distance(n.id(), n.id()));
            for (Topology.Node m : t.nodes()) {
                assertEquals(t.distance(n.id(), m.id()), t.distance(m.id(), n.id()));
                if (m != n) assertTrue(t.distance(n.id(), m.id()) > 10);
            }
            inNodes = inNodes.union(n.cpus());
        }
        assertEquals(online, inNodes);
        for (Topology.Cpu c : t.cpus()) {
            assertTrue(c.threadSiblings().contains(c.id()));
            assertTrue(c.sharingCache(2).contains(c.id()));
            assertTrue(c.sharingCache(3).containsAll(c.sharingCache(2)), c + " L2 group not inside its L3 group");
            assertTrue(t.node(c.node()).cpus().contains(c.id()));
            assertEquals(c.threadSiblings().first(), c.core());
            // The kernel's own files, read directly.
            Path topo = Path.of("/sys/devices/system/cpu/cpu" + c.id() + "/topology/thread_siblings_list");
            if (Files.exists(topo)) assertEquals(CpuSet.parse(Files.readString(topo)), c.threadSiblings());
        }
        // The process affinity lies within the online CPUs.
        Outcome<CpuSet> allowed = ThreadAffinity.currentAffinity();
        if (allowed.isOk()) assertEquals(allowed.orElseThrow(), allowed.orElseThrow().intersect(online));
    }

    private static void assertPartition(CpuSet all, List<CpuSet> groups) {
        CpuSet seen = CpuSet.empty();
        for (CpuSet g : groups) {
            assertTrue(g.intersect(seen).isEmpty(), "groups overlap: " + groups);
            seen = seen.union(g);
        }
        assertEquals(all, seen);
    }

    @Test
    void recordedTwoSocketSmtTree() {
        Topology t = twoSocket();
        assertEquals(16, t.cpus().size());
        assertEquals(CpuSet.range(0, 15), t.online());
        assertEquals(8, t.cores().size());
        assertTrue(t.hasSmt());
        assertEquals(2, t.nodes().size());
        assertEquals(CpuSet.parse("0-3,8-11"), t.node(0).cpus());
        assertEquals(CpuSet.parse("4-7,12-15"), t.node(1).cpus());
        assertEquals(10, t.distance(0, 0));
        assertEquals(21, t.distance(0, 1));
        assertEquals(21, t.distance(1, 0));
        assertEquals(CpuSet.of(3, 11), t.cpu(11).threadSiblings());
        assertEquals(3, t.cpu(11).core());
        assertEquals(1, t.cpu(12).node());
        assertEquals(1, t.cpu(12).packageId());
        assertTrue(t.sameCore(3, 11));
        assertFalse(t.sameCore(3, 4));
        assertTrue(t.shareL2(2, 10));
        assertFalse(t.shareL2(2, 3));
        assertTrue(t.shareL3(0, 3));
        assertTrue(t.shareL3(0, 11));
        assertFalse(t.shareL3(0, 4));
        assertEquals(List.of(CpuSet.parse("0-3,8-11"), CpuSet.parse("4-7,12-15")), t.l3Groups());
        Topology.Cache l3 = t.cpu(5).caches().stream().filter(c -> c.level() == 3).findFirst().orElseThrow();
        assertEquals(16L << 20, l3.sizeBytes());
        assertEquals(4, t.cpu(0).caches().size());
        assertEquals("16 CPUs (0-15), 8 cores, SMT, 2 L3 group(s), 2 NUMA node(s)", t.summary());
    }

    @Test
    void aMissingTreeIsMissingNotAnException(@TempDir Path dir) {
        TopologyRead r = Topology.read(dir);
        assertInstanceOf(TopologyRead.Missing.class, r);
    }

    @Test
    void aMalformedFileIsNamed(@TempDir Path dir) throws IOException {
        copyTree(twoSocketTree(), dir);
        Path bad = dir.resolve("devices/system/node/node1/cpulist");
        Files.writeString(bad, "4-x\n");
        TopologyRead.Malformed m = assertInstanceOf(TopologyRead.Malformed.class, Topology.read(dir));
        assertEquals(bad, m.file());
        assertTrue(m.message().contains("4-x"), m.message());

        copyTree(twoSocketTree(), dir);
        Files.writeString(dir.resolve("devices/system/node/node0/distance"), "10\n");
        m = assertInstanceOf(TopologyRead.Malformed.class, Topology.read(dir));
        assertTrue(m.message().contains("1 distances for 2 online nodes"), m.message());
    }

    @Test
    void aKernelWithoutNumaIsOneNode(@TempDir Path dir) throws IOException {
        copyTree(twoSocketTree(), dir);
        try (var s = Files.walk(dir.resolve("devices/system/node"))) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Topology t = Topology.read(dir).orElseThrow();
        assertEquals(1, t.nodes().size());
        assertEquals(CpuSet.range(0, 15), t.node(0).cpus());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
