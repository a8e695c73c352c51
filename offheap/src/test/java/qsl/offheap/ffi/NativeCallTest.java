package qsl.offheap.ffi;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Downcalls with errno capture, unavailable symbols as values, and errno names. */
class NativeCallTest {
    static final NativeCall GETPID = NativeCall.lookup("getpid", FunctionDescriptor.of(JAVA_INT));
    static final NativeCall CLOSE = NativeCall.lookup("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    @Test
    void anAvailableCallRunsAndReportsNoReason() throws Throwable {
        assertTrue(GETPID.isAvailable());
        assertEquals("getpid", GETPID.name());
        assertNull(GETPID.unavailableReason());
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            assertNotNull(state.segment());
            int pid = (int) GETPID.handle().invokeExact(state.segment());
            assertEquals(ProcessHandle.current().pid(), pid);
        }
    }

    @Test
    void aFailingCallLeavesItsErrnoInTheCallState() throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            int rc = (int) CLOSE.handle().invokeExact(state.segment(), -1);
            assertEquals(-1, rc);
            assertEquals(Errno.EBADF, state.errno());
            NativeError e = NativeError.of(CLOSE, state.errno());
            assertEquals("close", e.call());
            assertEquals(Errno.EBADF, e.errno());
            assertEquals("EBADF", e.errnoName());
            assertEquals("close failed: EBADF (errno 9)", e.message());
            assertEquals(e.message(), e.toString());
        }
    }

    @Test
    void extraLinkerOptionsAreKeptBesideTheCapture() throws Throwable {
        // close(int) declared variadic after its first argument: links with both options and still captures errno.
        NativeCall c = NativeCall.lookup("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT),
                java.lang.foreign.Linker.Option.firstVariadicArg(1));
        assertTrue(c.isAvailable(), String.valueOf(c.unavailableReason()));
        try (Arena arena = Arena.ofConfined()) {
            CallState state = CallState.allocate(arena);
            assertEquals(-1, (int) c.handle().invokeExact(state.segment(), -1));
            assertEquals(Errno.EBADF, state.errno());
        }
    }

    @Test
    void aMissingSymbolIsAnUnavailableValueNotAnException() {
        NativeCall c = NativeCall.lookup("qsl_no_such_symbol_42", FunctionDescriptor.ofVoid());
        assertFalse(c.isAvailable());
        assertEquals("qsl_no_such_symbol_42", c.name());
        assertTrue(c.unavailableReason().startsWith("qsl_no_such_symbol_42 is not in this platform's C library ("),
                c.unavailableReason());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, c::handle);
        assertEquals(c.unavailableReason(), e.getMessage());
    }

    @Test
    void aDescriptorTheLinkerRefusesIsUnavailableWithTheReason() {
        // A C function cannot return an array by value: the linker refuses the descriptor.
        NativeCall c = NativeCall.lookup("getpid", FunctionDescriptor.of(MemoryLayout.sequenceLayout(4, JAVA_INT)));
        assertFalse(c.isAvailable());
        assertEquals("getpid", c.name());
        assertTrue(c.unavailableReason().startsWith("getpid could not be linked: "), c.unavailableReason());
        assertThrows(UnsupportedOperationException.class, c::handle);
    }

    @Test
    void everyNamedErrnoMapsToItsOwnName() throws IllegalAccessException {
        Set<Integer> values = new HashSet<>();
        int named = 0;
        for (Field f : Errno.class.getFields()) {
            if (f.getType() != int.class || !Modifier.isStatic(f.getModifiers())) continue;
            int v = f.getInt(null);
            assertTrue(values.add(v), "two names for errno " + v);
            assertEquals(f.getName(), Errno.name(v));
            assertEquals(f.getName(), new NativeError("x", v).errnoName());
            named++;
        }
        assertEquals(19, named);
        assertEquals("errno 1234", Errno.name(1234));
        assertEquals("errno 0", Errno.name(0));
        assertEquals("x failed: errno 7 (errno 7)", new NativeError("x", 7).message());
    }
}
