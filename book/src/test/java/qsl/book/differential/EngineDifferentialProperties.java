package qsl.book.differential;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;

/**
 * The fast off-heap engine against the on-heap reference, on random command streams: every
 * event and the whole observable state are compared after every command, and the book
 * invariants are checked on both. Tries: {@code -Dqsl.tries=N} (default 1000 each).
 */
@AddLifecycleHook(value = TriesFromSystemProperty.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class EngineDifferentialProperties {

    @Property(shrinking = ShrinkingMode.FULL)
    void fastEngineMatchesReference(@ForAll("mixed") Scenario scenario) {
        collectSize(scenario);
        Optional<String> divergence = DifferentialChecker.check(scenario, Engines.REFERENCE, Engines.FAST);
        divergence.ifPresent(report -> fail("\n" + report));
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void fastEngineMatchesReferenceOnDenseBooks(@ForAll("dense") Scenario scenario) {
        collectSize(scenario);
        Optional<String> divergence = DifferentialChecker.check(scenario, Engines.REFERENCE, Engines.FAST);
        divergence.ifPresent(report -> fail("\n" + report));
    }

    @Property(shrinking = ShrinkingMode.FULL)
    void fastEngineMatchesReferenceOnAdversarialShapes(@ForAll("adversarial") Scenario scenario) {
        collectSize(scenario);
        Optional<String> divergence = DifferentialChecker.check(scenario, Engines.REFERENCE, Engines.FAST);
        divergence.ifPresent(report -> fail("\n" + report));
    }

    private static void collectSize(Scenario scenario) {
        int n = scenario.commands().size();
        Statistics.label("commands").collect(n <= 10 ? "1-10" : n <= 50 ? "11-50" : n <= 150 ? "51-150" : "151+");
    }

    @Provide
    Arbitrary<Scenario> mixed() {
        return ScenarioArbitraries.scenarios();
    }

    @Provide
    Arbitrary<Scenario> adversarial() {
        return ScenarioArbitraries.adversarialScenarios();
    }

    @Provide
    Arbitrary<Scenario> dense() {
        return ScenarioArbitraries.denseScenarios();
    }
}
