package qsl.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qsl.numa.NumaStudy;
import qsl.perf.results.RunMetadata;

/** {@code ./qsl numa-study}: the pinning / NUMA study, written to {@code results/numa_study.json} and {@code .md}. */
@Command(name = "numa-study", mixinStandardHelpOptions = true,
        description = "Pinning, false-sharing, memory-locality and migration study: writes results/numa_study.json and .md.")
final class NumaStudyCommand implements Callable<Integer> {

    @Option(names = "--seconds-per-section", defaultValue = "30",
            description = "Wall time for each of the four sections, split among its measurements (default: ${DEFAULT-VALUE}).")
    double secondsPerSection;

    @Option(names = "--memory-mib", defaultValue = "0",
            description = "Buffer for the memory section in MiB; 0 = twice the largest L3, within 256..1024 (default: ${DEFAULT-VALUE}).")
    long memoryMib;

    @Option(names = "--results", defaultValue = "results", description = "Directory for the results files (default: ${DEFAULT-VALUE}).")
    Path resultsDir;

    @Option(names = "--sys-root", defaultValue = "/sys", hidden = true, description = "sysfs root the topology is read from.")
    Path sysRoot;

    @Override
    public Integer call() throws Exception {
        if (!(secondsPerSection > 0)) {
            System.err.println("qsl numa-study: --seconds-per-section must be positive");
            return 2;
        }
        String command = RunMetadata.command("./qsl numa-study --seconds-per-section " + secondsPerSection);
        NumaStudy.run(new NumaStudy.Options(secondsPerSection, memoryMib << 20, resultsDir, command, System.err, sysRoot));
        return 0;
    }
}
