package qsl.book.differential;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Inverts a property: it passes only if jqwik found a falsifying {@link Scenario} and shrank it
 * to at most {@link #MAX_SHRUNK_COMMANDS} commands. Used to prove the harness can fail.
 */
public final class ExpectShrunkFailure implements AroundPropertyHook {
    public static final int MAX_SHRUNK_COMMANDS = 6;

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyExecutionResult result = property.execute();
        if (result.status() != PropertyExecutionResult.Status.FAILED)
            return result.mapToFailed("the checker found no divergence against a planted bug");
        Optional<List<Object>> falsified = result.falsifiedParameters();
        if (falsified.isEmpty() || !(falsified.get().get(0) instanceof Scenario s))
            return result.mapToFailed("failed without a falsified scenario: " + result.throwable().orElse(null));
        if (s.commands().size() > MAX_SHRUNK_COMMANDS)
            return result.mapToFailed("shrunk stream still has " + s.commands().size() + " commands:\n" + s.commands());
        System.out.println("planted bug caught in " + context.label() + ", shrunk to " + s.commands().size()
                + " commands:\n" + result.throwable().map(Throwable::getMessage).orElse(""));
        return result.mapToSuccessful();
    }
}
