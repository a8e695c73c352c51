package qsl.ringbuffer;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's tries from the {@code qsl.tries} system property (default 1000):
 * {@code @Property(tries = ...)} takes only constants. Surefire forwards {@code qsl.tries}.
 */
public final class TriesFromSystemProperty implements AroundPropertyHook {
    static int tries() {
        String v = System.getProperty("qsl.tries");
        return v == null || v.isBlank() ? 1000 : Integer.parseInt(v.trim());
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(tries());
        return property.execute();
    }
}
