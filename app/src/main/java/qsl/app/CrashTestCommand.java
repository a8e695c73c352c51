package qsl.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "crash-test", mixinStandardHelpOptions = true, description = "Crash-recovery harness: child JVMs killed at random points, then recovered and checked.")
final class CrashTestCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("qsl crash-test: not built yet");
        return 1;
    }
}
