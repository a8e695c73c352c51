package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "numa-study", mixinStandardHelpOptions = true, description = "Pinning, false-sharing, memory-locality and migration study.")
final class NumaStudyCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl numa-study: not built yet");
        return 1;
    }
}
