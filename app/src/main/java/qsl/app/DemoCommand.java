package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Runs the synthetic workload through the engine and prints a report with the state digest.")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl demo: not built yet");
        return 1;
    }
}
