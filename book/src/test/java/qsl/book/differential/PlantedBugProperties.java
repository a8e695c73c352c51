package qsl.book.differential;

import static org.junit.jupiter.api.Assertions.fail;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Proves the differential harness can fail: the correct reference against a deliberately broken
 * copy must diverge, and jqwik must shrink the divergence to a stream of a few commands
 * ({@link ExpectShrunkFailure} turns "found and shrunk" into a pass, anything else into a failure).
 */
class PlantedBugProperties {

    @Property(tries = 2000, shrinking = ShrinkingMode.FULL, seed = "42")
    @AddLifecycleHook(ExpectShrunkFailure.class)
    void lifoAtALevelIsCaught(@ForAll("dense") Scenario scenario) {
        DifferentialChecker.check(scenario, Engines.REFERENCE, BrokenReferenceEngines.LastInFirstOut::new)
                .ifPresent(report -> fail("\n" + report));
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.FULL, seed = "42")
    @AddLifecycleHook(ExpectShrunkFailure.class)
    void tradingAtTheTakersPriceIsCaught(@ForAll("dense") Scenario scenario) {
        DifferentialChecker.check(scenario, Engines.REFERENCE, BrokenReferenceEngines.TakerPrice::new)
                .ifPresent(report -> fail("\n" + report));
    }

    @Provide
    Arbitrary<Scenario> dense() {
        return ScenarioArbitraries.denseScenarios();
    }
}
