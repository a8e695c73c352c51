package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "JMH suites and harnesses, peers side by side.")
final class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl bench: not built yet");
        return 1;
    }
}
