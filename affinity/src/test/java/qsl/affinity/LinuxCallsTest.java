package qsl.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mask sizing from /sys and the per-architecture syscall table, fed recorded inputs. */
class LinuxCallsTest {

    @Test
    void maskBytesFollowPossibleCpus(@TempDir Path dir) throws IOException {
        Path possible = dir.resolve("possible");
        Files.writeString(possible, "0-1\n");
        assertEquals(8, LinuxCalls.cpuMaskBytes(possible));
        Files.writeString(possible, "0-63\n");
        assertEquals(8, LinuxCalls.cpuMaskBytes(possible));
        Files.writeString(possible, "0-64\n");
        assertEquals(16, LinuxCalls.cpuMaskBytes(possible));
        Files.writeString(possible, "0-255\n");
        assertEquals(32, LinuxCalls.cpuMaskBytes(possible));
        Files.writeString(possible, "0-4095\n");
        assertEquals(512, LinuxCalls.cpuMaskBytes(possible));
        // Unreadable or garbage: a 1024-CPU mask, which every kernel accepts.
        Files.writeString(possible, "garbage\n");
        assertEquals(128, LinuxCalls.cpuMaskBytes(possible));
        assertEquals(128, LinuxCalls.cpuMaskBytes(dir.resolve("missing")));
    }

    @Test
    void syscallNumbersPerArchitecture() {
        assertEquals(new LinuxCalls.SyscallNumbers(186, 237, 238, 239), LinuxCalls.SyscallNumbers.forPlatform(true, "amd64"));
        assertEquals(new LinuxCalls.SyscallNumbers(178, 235, 237, 236), LinuxCalls.SyscallNumbers.forPlatform(true, "aarch64"));
        assertNull(LinuxCalls.SyscallNumbers.forPlatform(true, "riscv64"));
        // macOS has a syscall() too, with other numbers: never used there.
        assertNull(LinuxCalls.SyscallNumbers.forPlatform(false, "aarch64"));
    }
}
