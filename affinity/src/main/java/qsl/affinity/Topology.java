package qsl.affinity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The machine as {@code /sys/devices/system/cpu} and {@code /sys/devices/system/node} describe it:
 * online CPUs, their physical cores and SMT siblings, which CPUs share an L2 and an L3, the NUMA
 * nodes with their CPUs and distances. Read from a root directory ({@code /sys} normally, a recorded
 * tree in tests), so everything derived from it (the {@link ThreadLayout}, a study plan) is a pure
 * function of files.
 */
public final class Topology {

    /** One cache a CPU uses: {@code cache/indexN/{level,type,size,shared_cpu_list}}. */
    public record Cache(int level, String type, long sizeBytes, CpuSet sharedWith) {}

    /**
     * One online CPU.
     *
     * @param core the id of its physical core: the lowest CPU among its SMT siblings (unique
     *     machine-wide, unlike the kernel's per-package {@code core_id})
     * @param threadSiblings the CPUs of its physical core, itself included
     */
    public record Cpu(int id, int node, int packageId, int core, CpuSet threadSiblings, List<Cache> caches) {
        /** CPUs sharing its unified or data cache at {@code level} (just itself when unknown). */
        public CpuSet sharingCache(int level) {
            for (Cache c : caches) {
                if (c.level() == level && !c.type().equalsIgnoreCase("Instruction")) return c.sharedWith();
            }
            return CpuSet.of(id);
        }
    }

    /** One NUMA node: its CPUs (possibly none, for a memory-only node) and distances to every node. */
    public record Node(int id, CpuSet cpus, Map<Integer, Integer> distances) {}

    private final String source;
    private final List<Cpu> cpus;
    private final Map<Integer, Cpu> byId;
    private final List<Node> nodes;

    Topology(String source, List<Cpu> cpus, List<Node> nodes) {
        this.source = source;
        this.cpus = List.copyOf(cpus);
        this.nodes = List.copyOf(nodes);
        Map<Integer, Cpu> m = new TreeMap<>();
        for (Cpu c : cpus) m.put(c.id(), c);
        this.byId = Collections.unmodifiableMap(m);
    }

    /** This machine's topology from {@code /sys}. */
    public static TopologyRead readSystem() {
        return read(Path.of("/sys"));
    }

    /** The topology under a sysfs root ({@code root/devices/system/cpu}, {@code root/devices/system/node}). */
    public static TopologyRead read(Path sysRoot) {
        return new Reader(sysRoot).read();
    }

    /** Where it was read from. */
    public String source() {
        return source;
    }

    /** Online CPUs in id order. */
    public List<Cpu> cpus() {
        return cpus;
    }

    public CpuSet online() {
        return CpuSet.of(byId.keySet().stream().mapToInt(Integer::intValue).toArray());
    }

    /** The CPU with this id, or {@code null} when it is not online. */
    public Cpu cpu(int id) {
        return byId.get(id);
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The node with this id, or {@code null}. */
    public Node node(int id) {
        for (Node n : nodes) if (n.id() == id) return n;
        return null;
    }

    /** NUMA distance between two nodes (10 local by convention), or -1 when unknown. */
    public int distance(int fromNode, int toNode) {
        Node n = node(fromNode);
        if (n == null) return -1;
        return n.distances().getOrDefault(toNode, -1);
    }

    /** The physical cores, each as its set of SMT siblings, ordered by their lowest CPU. */
    public List<CpuSet> cores() {
        Set<CpuSet> seen = new LinkedHashSet<>();
        for (Cpu c : cpus) seen.add(c.threadSiblings());
        return List.copyOf(seen);
    }

    /** The distinct groups of CPUs sharing an L3, ordered by their lowest CPU. */
    public List<CpuSet> l3Groups() {
        Set<CpuSet> seen = new LinkedHashSet<>();
        for (Cpu c : cpus) seen.add(c.sharingCache(3));
        return List.copyOf(seen);
    }

    /** True when some core runs more than one hardware thread. */
    public boolean hasSmt() {
        for (Cpu c : cpus) if (c.threadSiblings().size() > 1) return true;
        return false;
    }

    public boolean sameCore(int a, int b) {
        Cpu ca = cpu(a);
        return ca != null && ca.threadSiblings().contains(b);
    }

    public boolean shareL2(int a, int b) {
        Cpu ca = cpu(a);
        return ca != null && ca.sharingCache(2).contains(b);
    }

    public boolean shareL3(int a, int b) {
        Cpu ca = cpu(a);
        return ca != null && ca.sharingCache(3).contains(b);
    }

    /** The node of a CPU, or -1. */
    public int nodeOf(int cpu) {
        Cpu c = cpu(cpu);
        return c == null ? -1 : c.node();
    }

    /** A JSON-ready description (for results files). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("online_cpus", online().toList());
        m.put("cpus", cpus.size());
        m.put("cores", cores().size());
        m.put("smt", hasSmt());
        m.put("nodes", nodes.size());
        List<Object> coreList = new ArrayList<>();
        for (CpuSet c : cores()) coreList.add(c.toList());
        m.put("core_cpus", coreList);
        List<Object> l3 = new ArrayList<>();
        for (CpuSet c : l3Groups()) l3.add(c.toList());
        m.put("l3_groups", l3);
        List<Object> nodeList = new ArrayList<>();
        for (Node n : nodes) {
            Map<String, Object> nm = new LinkedHashMap<>();
            nm.put("id", n.id());
            nm.put("cpus", n.cpus().toList());
            Map<String, Object> d = new LinkedHashMap<>();
            n.distances().forEach((k, v) -> d.put(String.valueOf(k), v));
            nm.put("distances", d);
            nodeList.add(nm);
        }
        m.put("node_list", nodeList);
        List<Object> cpuList = new ArrayList<>();
        for (Cpu c : cpus) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("cpu", c.id());
            cm.put("node", c.node());
            cm.put("package", c.packageId());
            cm.put("core", c.core());
            cm.put("smt_siblings", c.threadSiblings().toList());
            cm.put("l2_shared", c.sharingCache(2).toList());
            cm.put("l3_shared", c.sharingCache(3).toList());
            cpuList.add(cm);
        }
        m.put("cpu_list", cpuList);
        return m;
    }

    /** One line: counts of CPUs, cores, nodes, and SMT. */
    public String summary() {
        return cpus.size() + " CPUs (" + online().toList() + "), " + cores().size() + " cores, "
                + (hasSmt() ? "SMT" : "no SMT") + ", " + l3Groups().size() + " L3 group(s), " + nodes.size() + " NUMA node(s)";
    }

    @Override
    public String toString() {
        return "Topology[" + summary() + " from " + source + "]";
    }

    /** Parses the sysfs files; any unreadable or malformed file becomes a {@link TopologyRead.Malformed}. */
    private static final class Reader {
        private final Path root;
        private final Path cpuDir;
        private final Path nodeDir;

        Reader(Path root) {
            this.root = root;
            this.cpuDir = root.resolve("devices/system/cpu");
            this.nodeDir = root.resolve("devices/system/node");
        }

        TopologyRead read() {
            if (!Files.isDirectory(cpuDir)) return new TopologyRead.Missing("no " + cpuDir + " (not Linux, or /sys not mounted)");
            try {
                CpuSet online = Files.exists(cpuDir.resolve("online")) ? list(cpuDir.resolve("online")) : numberedDirs(cpuDir, "cpu");
                List<Node> nodes = readNodes(online);
                Map<Integer, Integer> nodeOfCpu = new TreeMap<>();
                for (Node n : nodes) for (int c : n.cpus().toArray()) nodeOfCpu.put(c, n.id());
                List<Cpu> cpus = new ArrayList<>();
                for (int id : online.toArray()) cpus.add(readCpu(id, nodeOfCpu.getOrDefault(id, nodes.get(0).id())));
                if (cpus.isEmpty()) return new TopologyRead.Missing("no online CPU under " + cpuDir);
                return new TopologyRead.Found(new Topology(root.toString(), cpus, nodes));
            } catch (BadFile e) {
                return new TopologyRead.Malformed(e.file, e.getMessage());
            }
        }

        private List<Node> readNodes(CpuSet online) throws BadFile {
            if (!Files.isDirectory(nodeDir)) {
                // A kernel without NUMA: one node holding every CPU.
                return List.of(new Node(0, online, Map.of(0, 10)));
            }
            CpuSet ids = Files.exists(nodeDir.resolve("online")) ? list(nodeDir.resolve("online")) : numberedDirs(nodeDir, "node");
            int[] nodeIds = ids.toArray();
            List<Node> nodes = new ArrayList<>();
            for (int id : nodeIds) {
                Path dir = nodeDir.resolve("node" + id);
                CpuSet cpus = Files.exists(dir.resolve("cpulist")) ? list(dir.resolve("cpulist")).intersect(online) : CpuSet.empty();
                Map<Integer, Integer> distances = new TreeMap<>();
                Path distance = dir.resolve("distance");
                if (Files.exists(distance)) {
                    String text = text(distance);
                    String[] parts = text.isEmpty() ? new String[0] : text.split("\\s+");
                    // One entry per online node, in node-id order.
                    if (parts.length != nodeIds.length) {
                        throw new BadFile(distance, "has " + parts.length + " distances for " + nodeIds.length + " online nodes: \"" + text + "\"");
                    }
                    for (int i = 0; i < parts.length; i++) distances.put(nodeIds[i], integer(distance, parts[i]));
                } else {
                    distances.put(id, 10);
                }
                nodes.add(new Node(id, cpus, Collections.unmodifiableMap(distances)));
            }
            if (nodes.isEmpty()) return List.of(new Node(0, online, Map.of(0, 10)));
            return nodes;
        }

        private Cpu readCpu(int id, int node) throws BadFile {
            Path dir = cpuDir.resolve("cpu" + id);
            Path topo = dir.resolve("topology");
            CpuSet siblings = CpuSet.of(id);
            for (String name : new String[] {"thread_siblings_list", "core_cpus_list"}) {
                if (Files.exists(topo.resolve(name))) {
                    siblings = list(topo.resolve(name)).with(id);
                    break;
                }
            }
            int pkg = Files.exists(topo.resolve("physical_package_id")) ? integer(topo.resolve("physical_package_id"), text(topo.resolve("physical_package_id"))) : 0;
            List<Cache> caches = new ArrayList<>();
            Path cacheDir = dir.resolve("cache");
            if (Files.isDirectory(cacheDir)) {
                for (int index : numberedDirs(cacheDir, "index").toArray()) {
                    Path c = cacheDir.resolve("index" + index);
                    if (!Files.exists(c.resolve("level")) || !Files.exists(c.resolve("shared_cpu_list"))) continue;
                    int level = integer(c.resolve("level"), text(c.resolve("level")));
                    String type = Files.exists(c.resolve("type")) ? text(c.resolve("type")) : "Unified";
                    long size = Files.exists(c.resolve("size")) ? size(c.resolve("size")) : -1;
                    caches.add(new Cache(level, type, size, list(c.resolve("shared_cpu_list")).with(id)));
                }
            }
            return new Cpu(id, node, pkg, siblings.first(), siblings, List.copyOf(caches));
        }

        private static CpuSet numberedDirs(Path dir, String prefix) throws BadFile {
            List<Integer> ids = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, prefix + "[0-9]*")) {
                for (Path p : s) {
                    String suffix = p.getFileName().toString().substring(prefix.length());
                    if (suffix.chars().allMatch(Character::isDigit)) ids.add(Integer.parseInt(suffix));
                }
            } catch (IOException e) {
                throw new BadFile(dir, "cannot be listed: " + e.getMessage());
            }
            return CpuSet.of(ids.stream().mapToInt(Integer::intValue).toArray());
        }

        private static CpuSet list(Path file) throws BadFile {
            String text = text(file);
            try {
                return CpuSet.parse(text);
            } catch (IllegalArgumentException e) {
                throw new BadFile(file, "is not a CPU list: \"" + text + "\"");
            }
        }

        private static int integer(Path file, String text) throws BadFile {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new BadFile(file, "is not an integer: \"" + text + "\"");
            }
        }

        /** Cache sizes as sysfs prints them: {@code 48K}, {@code 32M}, or plain bytes. */
        private static long size(Path file) throws BadFile {
            String t = text(file);
            long unit = 1;
            String digits = t;
            if (!t.isEmpty()) {
                switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
                    case 'K' -> unit = 1L << 10;
                    case 'M' -> unit = 1L << 20;
                    case 'G' -> unit = 1L << 30;
                    default -> unit = 1;
                }
                if (unit != 1) digits = t.substring(0, t.length() - 1);
            }
            try {
                return Long.parseLong(digits) * unit;
            } catch (NumberFormatException e) {
                throw new BadFile(file, "is not a size: \"" + t + "\"");
            }
        }

        private static String text(Path file) throws BadFile {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                throw new BadFile(file, "cannot be read: " + e.getMessage());
            }
        }
    }

    private static final class BadFile extends Exception {
        private static final long serialVersionUID = 1L;
        final Path file;

        BadFile(Path file, String message) {
            super(file + " " + message, null, false, false);
            this.file = file;
        }
    }
}
