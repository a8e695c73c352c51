package qsl.affinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads what the kernel says about a thread from /proc, independently of the FFM calls under test. */
final class Procfs {
    private Procfs() {}

    /** Field 39 of {@code /proc/self/task/<tid>/stat}: the CPU the thread last ran on. */
    static int lastCpu(int tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        // comm (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Integer.parseInt(rest[39 - 3]);
    }

    /** The calling thread's id from the {@code /proc/thread-self} link ({@code <pid>/task/<tid>}). */
    static int threadSelfTid() throws IOException {
        String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
        return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
    }

    /** Cpus_allowed_list of the calling thread. */
    static CpuSet allowedList(int tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) return CpuSet.parse(line.substring(line.indexOf(':') + 1));
        }
        throw new IOException("no Cpus_allowed_list");
    }
}
