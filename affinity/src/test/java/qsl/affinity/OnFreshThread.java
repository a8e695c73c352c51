package qsl.affinity;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs test code on a new platform thread, so pinning and thread memory policy never leak into the
 * JUnit worker thread (threads inherit both from their creator).
 */
final class OnFreshThread {
    interface Body {
        void run() throws Exception;
    }

    private OnFreshThread() {}

    static void run(Body body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "affinity-test");
        t.start();
        t.join();
        Throwable f = failure.get();
        if (f instanceof Exception e) throw e;
        if (f instanceof Error e) throw e;
    }
}
