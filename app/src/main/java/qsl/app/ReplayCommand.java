package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "replay", mixinStandardHelpOptions = true, description = "Rebuilds the engine from a WAL directory and prints its digest.")
final class ReplayCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl replay: not built yet");
        return 1;
    }
}
