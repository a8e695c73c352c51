package qsl.book.differential;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's tries from the {@code qsl.tries} system property (default 1000), so
 * {@code mvn verify -Dqsl.tries=100000} really runs 100,000 tries: {@code @Property(tries = ...)}
 * takes only constants. Surefire forwards {@code qsl.tries} to the test JVM (root pom).
 */
public final class TriesFromSystemProperty implements AroundPropertyHook {
    public static final int DEFAULT_TRIES = 1000;

    public static int tries() {
        String v = System.getProperty("qsl.tries");
        if (v == null || v.isBlank()) return DEFAULT_TRIES;
        return Integer.parseInt(v.trim());
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(tries());
        return property.execute();
    }
}
