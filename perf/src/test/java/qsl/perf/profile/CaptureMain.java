package qsl.perf.profile;

import java.nio.file.Path;

/** Child main for {@link FlamegraphCaptureTest}: args workload (spin|garbage), event, seconds, out dir. */
public final class CaptureMain {
    public static void main(String[] args) throws Exception {
        ProfiledWorkload w = args[0].equals("spin") ? new SpinWorkload() : new GarbageWorkload();
        ProfilerEvent event = ProfilerEvent.parse(args[1]);
        FlamegraphCapture.Capture c = FlamegraphCapture.run(w, new FlamegraphCapture.Settings(event, Double.parseDouble(args[2]), 0.5,
                event.defaultInterval(), args.length > 4 ? args[4] : null, Path.of(args[3]), "test"));
        System.out.println("engine " + c.engine() + " samples " + c.samples() + " weight " + c.sampledWeight());
    }
}
