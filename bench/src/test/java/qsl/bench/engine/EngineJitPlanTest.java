package qsl.bench.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The JIT plan names real methods (a rename would silently void a directive) and the launcher
 * passes the same flags the engine suite's forks get.
 */
class EngineJitPlanTest {
    @Test
    void everyDirectiveNamesADeclaredMethod() throws Exception {
        int directives = 0;
        for (String flag : EngineSuite.JIT_FLAGS) {
            String command = flag.substring("-XX:CompileCommand=".length());
            if (!command.startsWith("dontinline,")) continue;
            String target = command.substring("dontinline,".length());
            String className = target.substring(0, target.indexOf("::"));
            String methodName = target.substring(target.indexOf("::") + 2);
            Method[] methods = Class.forName(className).getDeclaredMethods();
            assertEquals(1, Arrays.stream(methods).filter(m -> m.getName().equals(methodName)).count(), target);
            directives++;
        }
        assertEquals(2, directives);
    }

    @Test
    void theLauncherPassesTheSameFlags() throws Exception {
        Path launcher = Path.of("..", "qsl");
        String script = Files.readString(launcher);
        for (String flag : EngineSuite.JIT_FLAGS) assertTrue(script.contains(flag), flag);
    }
}
