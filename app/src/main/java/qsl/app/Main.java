package qsl.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code qsl} command line. Each subcommand lives in its own class. */
@Command(name = "qsl", mixinStandardHelpOptions = true, version = "qsl 0.1.0",
        description = "Off-heap, zero-GC exchange engine for the JVM.",
        subcommands = {
            NodeCommand.class,
            DemoCommand.class,
            FeedCommand.class,
            ReplayCommand.class,
            NodeRestartCommand.class,
            CrashTestCommand.class,
            NumaStudyCommand.class,
            FlamegraphCommand.class,
            PerfStatCommand.class,
            BenchCommand.class,
            ResultsCommand.class,
            ClusterDemoCommand.class,
            ClusterClientCommand.class,
            MutationCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }
}
