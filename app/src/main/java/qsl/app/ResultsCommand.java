package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "results", mixinStandardHelpOptions = true, description = "Regenerates results/README.md from every results/*.json.")
final class ResultsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl results: not built yet");
        return 1;
    }
}
